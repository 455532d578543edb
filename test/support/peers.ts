/** The peer dependencies of homelab-cdk, and the check a consumer of the packed package runs. */
export const PEERS = ['cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs'];

/** A consumer's check (run by pack.test.ts in the packed consumer project): each peer resolves to one file for the consumer and for homelab-cdk, and our constructs are the consumer's. */
export const CONSUMER_CHECK = `
const { dirname } = require('node:path');
const lib = dirname(require.resolve('homelab-cdk/package.json'));
const same = ${JSON.stringify(PEERS)}.map((p) => [p, require.resolve(p) === require.resolve(p, { paths: [lib] })]);
const { Construct } = require('constructs');
const { TerraformStack, App } = require('cdktf');
const { LocalSensitiveFile, tf } = require('homelab-cdk');
const app = new App({ outdir: 'out' });
const stack = new TerraformStack(app, 's');
const file = new LocalSensitiveFile(stack, 'f', { filename: 'x', content: 'y' });
console.log(JSON.stringify({ same, construct: file instanceof Construct, stack: new tf.TerraformStack(app, 't') instanceof TerraformStack }));
`;
