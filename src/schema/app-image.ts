/** `clusters.<name>.apps.<app>.image`: an app that is one container image, rendered with cdk8s-plus-28. */
import { z } from 'zod';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

/** Environment variable names as Kubernetes accepts them (C identifiers are the portable subset). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name such as TZ or APP_PORT');

export const imageSecurityContextSchema = z
  .object({
    runAsNonRoot: z.boolean().optional().meta(d('Refuse to start the container as root (kubelet checks the image user). Turn off only for an image that must run as root; a `restricted` namespace then refuses the pod.', { default: true })),
    runAsUser: z.number().int().min(0).optional().meta(d('User id the container runs as. Default: the image\'s user, which must then be numeric and not 0 (the kubelet refuses a root or named USER under runAsNonRoot).')),
    runAsGroup: z.number().int().min(0).optional().meta(d('Group id the container runs as. Default: the container runtime\'s.')),
    fsGroup: z.number().int().min(0).optional().meta(d('Group that owns the data volume. Default: runAsGroup when set, else unchanged.')),
    readOnlyRootFilesystem: z.boolean().optional().meta(d('Mount the image read-only (a writable emptyDir is mounted at /tmp either way).', { default: true })),
  })
  .strict();

export const imageSchema = z
  .object({
    ref: z
      .string()
      .regex(/^[a-z0-9]+([._/:-][a-zA-Z0-9_.-]+)*(@sha256:[a-f0-9]{64})?$/, 'must be an image reference such as ghcr.io/home-operations/sonarr:4.0.15 (with a tag or digest)')
      .regex(/(:[^/]+|@sha256:[a-f0-9]{64})$/, 'must name a tag or a digest (e.g. traefik/whoami:v1.11.0), never the moving latest by omission')
      .meta(d('Container image with a tag or digest.', { examples: ['traefik/whoami:v1.11.0'] })),
    port: z.number().int().min(1).max(65535).optional().meta(d('Port the container listens on: becomes the Service `<app>` (port name `http`), the target of the app\'s ingress. Default: no port, no Service.')),
    env: z.record(envName, z.string()).optional().meta(d('Environment variables (plain values; secrets go in `secrets`, each Secret becomes envFrom).')),
    args: z.array(z.string()).optional().meta(d('Arguments to the image\'s entrypoint. Default: the image\'s CMD.')),
    replicas: z.number().int().min(0).max(100).optional().meta(d('Pods of the Deployment (1 when the app has persistence: the claim is ReadWriteOnce).', { default: 1 })),
    securityContext: imageSecurityContextSchema.optional().meta(d('Overrides of the secure defaults (non-root, read-only root filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp).')),
  })
  .strict();

export type ImageInput = z.infer<typeof imageSchema>;
