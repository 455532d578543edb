/** Rules a profile cannot reach (resolution adds or refuses first); lab-rules.test.ts covers them with Lab objects. */
export const LAB_ONLY_RULES: readonly string[] = ['HL-CLUSTER-004', 'HL-APP-002'];
