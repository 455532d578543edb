/** Files `homelab init` writes into a new homelab repository. */

export interface InitOptions {
  readonly engine: 'flux' | 'argocd';
  readonly distribution: 'talos' | 'k3s';
  readonly name: string;
  /** The homelab-cdk dependency of the new repo: a version range, `file:` path, tarball or git URL. */
  readonly version: string;
}

const SCHEMA = '../node_modules/homelab-cdk/schema/profile.schema.json';

export function profileTemplate(o: InitOptions): string {
  return o.distribution === 'talos' ? talosProfile(o) : k3sProfile(o);
}

function talosProfile(o: InitOptions): string {
  return `${header(o)}clusters:
  main:
${TALOS_CLUSTER}    gitops:
      engine: ${o.engine}
      repo: { url: https://github.com/you/${o.name}.git, branch: main }   # TODO: this repository
    apps: {}
`;
}

function k3sProfile(o: InitOptions): string {
  return `${header(o)}images:
  ubuntu-2404:
    url: https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img
    host: pve
    storage: local                  # needs content "import"
    templateId: 9000                # TODO: a free VMID
    defaultUser: ubuntu
    bridge: vmbr0
clusters:
  main:
    type: k3s
    template: ubuntu-2404
    sshKeys: ["\${env:K3S_SSH_PUBLIC_KEY}"]   # export K3S_SSH_PUBLIC_KEY (see .envrc.example)
    servers:
      - name: k3s-server-1
        vmId: 700                   # TODO: a free VMID
        host: pve
        cores: 2
        memoryMiB: 4096
        nics: [{ bridge: vmbr0, address: 192.168.1.20 }]
        disks: [{ storage: local-lvm, sizeGiB: 32 }]
    agents:
      - name: k3s-agent-1
        vmId: 701
        host: pve
        cores: 4
        memoryMiB: 8192
        nics: [{ bridge: vmbr0, address: 192.168.1.21 }]
        disks: [{ storage: local-lvm, sizeGiB: 64 }]
`;
}

function header(o: InitOptions): string {
  return `# yaml-language-server: $schema=${SCHEMA}
# Your homelab. Fill in the values marked TODO, then: npx homelab validate && npx homelab synth
# (commands find this file through "homelab.profile" in package.json)
# Field reference: node_modules/homelab-cdk/docs/profile.md
name: ${o.name}
proxmox:
  insecure: true                    # TODO: false once the API has a trusted certificate
hosts:
  pve:                              # TODO: your Proxmox node name
    address: 192.168.1.10           # TODO: management address of the node
    cpuThreads: 8                   # TODO: nproc
    memoryMiB: 32768                # TODO: installed RAM
    storage:
      local: { type: dir, content: [iso, vztmpl, snippets, backup, import] }
      local-lvm: { type: lvmthin, content: [images, rootdir] }
    bridges:
      vmbr0: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }   # TODO: your LAN
`;
}

const TALOS_CLUSTER = `    controlPlanes:
      - name: cp-1
        vmId: 700                   # TODO: a free VMID
        host: pve
        nics: [{ bridge: vmbr0, address: 192.168.1.20 }]
        disks: [{ storage: local-lvm, sizeGiB: 32 }]
    workers:
      - name: worker-1
        vmId: 701
        host: pve
        nics: [{ bridge: vmbr0, address: 192.168.1.21 }]
        disks: [{ storage: local-lvm, sizeGiB: 64 }]
`;

export const GITIGNORE = `node_modules/
cdktf.out/
.terraform/
*.tfstate
*.tfstate.*
generated/
kubeconfig
talosconfig
.envrc
.homelab-synth.lock
.homelab-synth.journal.json*
`;

export function envrcExample(o: InitOptions): string {
  const sops = o.engine === 'flux' ? 'export SOPS_AGE_KEY_FILE=$HOME/.config/sops/age/keys.txt\n' : '';
  return `# Copy to .envrc (gitignored) and fill in. Credentials never go into the profile or Git.
export PROXMOX_VE_API_TOKEN='terraform@pve!homelab=00000000-0000-0000-0000-000000000000'
export PROXMOX_VE_SSH_AGENT=true          # the provider uploads images over SSH
${sops}${o.distribution === 'k3s' ? "export K3S_SSH_PUBLIC_KEY=\"$(cat ~/.ssh/id_ed25519.pub)\"\n" : ''}export KUBECONFIG=$PWD/generated/main/kubeconfig
${o.distribution === 'k3s' ? '' : 'export TALOSCONFIG=$PWD/generated/main/talosconfig\n'}`;
}

/** Shell snippet of the workflow: the `changedStacks` of `homelab diff --format json` (diff.json) as a JSON array. */
export const CHANGED_STACKS = `node -p 'JSON.stringify(require("./diff.json").changedStacks)'`;

export const WORKFLOW = `# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json
name: homelab
on:
  pull_request:
  push:
    branches: [main]
permissions: { contents: read, pull-requests: write }
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: npm ci
      - run: npx homelab validate
      # the committed gitops/ tree and inventory are what the profile produces (exit 2 names the stale files)
      - run: npx homelab synth --check
      - if: github.event_name == 'pull_request'
        id: diff
        run: |
          set +e
          npx homelab diff --base origin/main --format markdown > diff.md
          code=$?
          [ $code -eq 1 ] && exit 1
          echo "changed=$([ $code -eq 2 ] && echo true || echo false)" >> "$GITHUB_OUTPUT"
      - if: steps.diff.outputs.changed == 'true'
        run: gh pr comment \${{ github.event.pull_request.number }} --body-file diff.md
        env: { GH_TOKEN: "\${{ github.token }}" }
      # the stacks that changed, in apply order (profile field "stacks" splits the lab; one stack by default)
      - id: stacks
        run: |
          base=\${{ github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || github.event.before }}
          git rev-parse -q --verify "$base^{commit}" > /dev/null || base=HEAD~1
          set +e
          npx homelab diff --base "$base" --format json > diff.json
          code=$?
          set -e
          [ $code -eq 1 ] && exit 1
          echo "stacks=$(${CHANGED_STACKS})" >> "$GITHUB_OUTPUT"
    outputs:
      stacks: \${{ steps.stacks.outputs.stacks }}
  # One job per changed stack, one at a time in apply order; a failure stops the later stacks. Opt in with the
  # repository variable HOMELAB_PLAN=true once the profile has a remote state backend and the secrets are set.
  plan:
    needs: check
    if: vars.HOMELAB_PLAN == 'true' && needs.check.outputs.stacks != '[]'
    runs-on: ubuntu-latest
    strategy:
      fail-fast: true
      max-parallel: 1
      matrix:
        stack: \${{ fromJSON(needs.check.outputs.stacks) }}
    env:
      PROXMOX_VE_API_TOKEN: \${{ secrets.PROXMOX_VE_API_TOKEN }}
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
      PG_CONN_STR: \${{ secrets.PG_CONN_STR }}
      TF_HTTP_USERNAME: \${{ secrets.TF_HTTP_USERNAME }}
      TF_HTTP_PASSWORD: \${{ secrets.TF_HTTP_PASSWORD }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - uses: hashicorp/setup-terraform@v3
      - run: npm ci
      - run: npx homelab synth --no-inventory
      - run: terraform -chdir=cdktf.out/stacks/\${{ matrix.stack }} init -input=false
      - run: terraform -chdir=cdktf.out/stacks/\${{ matrix.stack }} plan -input=false -lock=false
`;

export function packageJson(o: InitOptions): string {
  return `${JSON.stringify({
    name: o.name,
    private: true,
    homelab: { profile: 'profiles/lab.yaml' },
    scripts: {
      validate: 'homelab validate',
      synth: 'homelab synth',
      check: 'homelab synth --check',
      diff: 'homelab diff --base origin/main',
    },
    dependencies: { 'homelab-cdk': o.version },
  }, null, 2)}\n`;
}

export function readme(o: InitOptions): string {
  const bootstrap = o.engine === 'flux' ? 'the `flux install --export > .../gotk-components.yaml && ... && kubectl apply -k .../flux/flux-system` line' : 'the `helm install argocd ... && kubectl apply -f .../root.yaml` line';
  return `# ${o.name}

My homelab as code, with [homelab-cdk](https://www.npmjs.com/package/homelab-cdk).

\`\`\`sh
npm install
cp .envrc.example .envrc && $EDITOR .envrc && source .envrc
npx homelab validate
npx homelab synth        # Terraform in cdktf.out/, GitOps tree in gitops/
terraform -chdir=cdktf.out/stacks/${o.name} init && terraform -chdir=cdktf.out/stacks/${o.name} apply
git add gitops docs/inventory.md && git commit -m "gitops tree" && git push   # CI: homelab synth --check
# then run the bootstrap command synth printed (${bootstrap}) once
\`\`\`

- \`profiles/lab.yaml\` — the lab (editor completion via its first-line schema comment).
- \`package.json\` \`homelab.profile\` names the profile every \`homelab\` command reads (or give it: \`npx homelab validate profiles/other.yaml\`).
- CI (\`.github/workflows/homelab.yaml\`) validates every push, fails when the committed \`gitops/\` tree or inventory is stale
  (\`homelab synth --check\`) and comments \`homelab diff\` on pull requests. With the repository variable
  \`HOMELAB_PLAN=true\`, a remote \`state\` backend and the secrets the workflow names, it also runs \`terraform plan\`
  for each stack that changed, one job per stack in apply order (\`stacks: per-cluster\` splits a big lab).
`;
}

/**
 * Renovate keeps chart versions current in the profile — the source of truth — and leaves the generated
 * tree alone (synth rewrites it). One regex per way a profile writes `chart: { repo, name, version }`.
 */
export const RENOVATE_MATCH_STRINGS = {
  helmFlow: 'chart:\\s*\\{\\s*repo:\\s*(?<registryUrl>https?://[^,\\s}]+),\\s*name:\\s*(?<depName>[^,\\s}]+),\\s*version:\\s*(?<currentValue>[^,\\s}]+)',
  helmBlock: 'chart:\\n\\s+repo:\\s*(?<registryUrl>https?://\\S+)\\n\\s+name:\\s*(?<depName>\\S+)\\n\\s+version:\\s*(?<currentValue>\\S+)',
  ociFlow: 'chart:\\s*\\{\\s*repo:\\s*oci://(?<registry>[^,\\s}]+),\\s*name:\\s*(?<depName>[^,\\s}]+),\\s*version:\\s*(?<currentValue>[^,\\s}]+)',
} as const;

/**
 * Versions the profile pins besides charts, and the GitHub releases they follow. The value may sit behind an
 * environment default (`${env:K3S_VERSION:-v1.33.6+k3s1}`); Renovate rewrites the default.
 */
export const RENOVATE_VERSIONS = [
  { key: 'talosVersion', repo: 'siderolabs/talos' },
  { key: 'kubernetesVersion', repo: 'kubernetes/kubernetes' },
  { key: 'fluxVersion', repo: 'fluxcd/flux2' },
  { key: 'k3sVersion', repo: 'k3s-io/k3s' },
] as const;

/** The regex matching `<key>: <version>` (optionally quoted, optionally an env default) in a profile. */
export function versionMatchString(key: string): string {
  return `${key}:\\s*["']?(?:\\$\\{env:[A-Za-z_][A-Za-z0-9_]*:-)?(?<currentValue>v\\d[^\\s"'}]*)`;
}

export function renovateConfig(): string {
  const manager = (matchStrings: string[], datasource: string, extra: Record<string, string> = {}) => ({
    customType: 'regex',
    managerFilePatterns: ['/^profiles/.+\\.ya?ml$/'],
    matchStrings,
    datasourceTemplate: datasource,
    ...extra,
  });
  return `${JSON.stringify({
    $schema: 'https://docs.renovatebot.com/renovate-schema.json',
    extends: ['config:recommended'],
    ignorePaths: ['gitops/**', 'cdktf.out/**'],
    customManagers: [
      manager([RENOVATE_MATCH_STRINGS.helmFlow, RENOVATE_MATCH_STRINGS.helmBlock], 'helm'),
      manager([RENOVATE_MATCH_STRINGS.ociFlow], 'docker', { packageNameTemplate: '{{{registry}}}/{{{depName}}}' }),
      ...RENOVATE_VERSIONS.map((v) => manager([versionMatchString(v.key)], 'github-releases', { depNameTemplate: v.repo })),
    ],
  }, null, 2)}\n`;
}
