/** The resolved model's types, exported as the `model` namespace of the package. */
export type * from './types';
export type * from './gitops-types';
