/**
 * Adds every stack of a lab to a cdktf App: the lab's stacks as `stacks:` splits them (src/model/split.ts; one
 * `<lab>` stack by default) and, when the profile asks, `<lab>-access`.
 */
import type { App } from '../src/cdktf';
import { checkedWarnings, rememberChecked } from '../src/constructs/lab/lab-checks';
import { GoldenImage } from '../src/constructs/proxmox/golden-image';
import { accessStackName, splitLab } from '../src/model/split';
import type { Lab } from '../src/model/types';
import { AccessStack } from './access-stack';
import { linkStacks } from './cross-stack';
import { LabStack } from './lab-stack';

export interface LabStacksProps {
  /** See LabStackProps. @default '../../..' */
  readonly projectDirFromStack?: string;
  /** See LabStackProps. @default - projectDirFromStack */
  readonly stateDirFromStack?: string;
}

/** Returns the lab stack `<lab>` (the one `extend` hooks receive; the base stack when the lab is split). */
export function addLabStacks(app: App, lab: Lab, props: LabStacksProps = {}): LabStack {
  const { projectDirFromStack, stateDirFromStack } = props;
  const parts = splitLab(lab);
  // The lab was checked as a whole (synth's loaded profile): its parts need no second run each.
  const checked = checkedWarnings(lab);
  if (checked) for (const part of parts) rememberChecked(part.lab, checked);
  const [first, ...rest] = parts;
  const stack = new LabStack(app, first!.name, { lab: first!.lab, projectDirFromStack, stateDirFromStack });
  if (rest.length) {
    const images = stack.node.findAll().filter((c): c is GoldenImage => c instanceof GoldenImage);
    const templates = new Map(images.map((i) => [lab.images.find((m) => m.template.vmId === i.template.vm.vmId)!.name, i.template]));
    linkStacks(stack, rest.map((part) => new LabStack(app, part.name, { lab: part.lab, projectDirFromStack, stateDirFromStack, templates })));
  }
  if (lab.proxmox.access) new AccessStack(app, accessStackName(lab), { lab, projectDirFromStack, stateDirFromStack });
  return stack;
}
