/**
 * The cdktf app entry named in cdktf.json (`cdktf synth` runs `node dist/stacks/main.js`). The profile
 * comes from HOMELAB_PROFILE (default profiles/default.yaml); `homelab synth` does the same in-process.
 */
import { App } from '../src/cdktf';
import { loadLab } from '../src/synth/synth';
import { LabStack } from './lab-stack';

const lab = loadLab(process.env.HOMELAB_PROFILE ?? 'profiles/default.yaml');
const app = new App();
new LabStack(app, lab.name, { lab });
app.synth();
