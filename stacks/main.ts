/**
 * The cdktf app entry named in cdktf.json (`cdktf synth` runs `node dist/stacks/main.js`). The profile
 * comes from HOMELAB_PROFILE (default profiles/default.yaml); `homelab synth` does the same in-process.
 */
import { App } from '../src/cdktf';
import { loadLab } from '../src/synth/synth';
import { addLabStacks } from './lab-app';

const lab = loadLab(process.env.HOMELAB_PROFILE ?? 'profiles/default.yaml');
const app = new App();
addLabStacks(app, lab);
app.synth();
