/** Adds every stack of a lab to a cdktf App: the lab stack and, when the profile asks, `<lab>-access`. */
import type { App } from '../src/cdktf';
import type { Lab } from '../src/model/types';
import { AccessStack } from './access-stack';
import { LabStack } from './lab-stack';

export interface LabStacksProps {
  /** See LabStackProps. @default '../../..' */
  readonly projectDirFromStack?: string;
  /** See LabStackProps. @default - projectDirFromStack */
  readonly stateDirFromStack?: string;
}

/** Returns the lab stack (the one `extend` hooks receive). */
export function addLabStacks(app: App, lab: Lab, props: LabStacksProps = {}): LabStack {
  const { projectDirFromStack, stateDirFromStack } = props;
  const stack = new LabStack(app, lab.name, { lab, projectDirFromStack, stateDirFromStack });
  if (lab.proxmox.access) new AccessStack(app, `${lab.name}-access`, { lab, projectDirFromStack, stateDirFromStack });
  return stack;
}
