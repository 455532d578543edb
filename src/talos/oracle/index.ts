/** The Talos config oracle (see oracle.ts). */
export { checkCluster, checkNode, mergedConfig, type NodeProblem } from './oracle';
export { applyPatch, documentId } from './merge';
export { generatedDocuments } from './generate';
export { validateDocuments, type OracleProblem, type OracleRule } from './rules';
