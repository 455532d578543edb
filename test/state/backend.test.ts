import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labObject, synthAll } from '../support/lab-object';

const backendOf = async (state: unknown, access = false) => {
  const stacks = await synthAll(labObject({ state, ...(access ? { proxmox: { access: { user: 'tf@pve', token: 't' } } } : {}) }));
  return Object.fromEntries(Object.entries(stacks).map(([name, tf]) => [name, tf.terraform.backend]));
};

describe('state: Terraform backend selection', () => {
  it('s3 (MinIO): bucket, per-stack key, endpoint, path style and skipped AWS checks; no credentials', async () => {
    const backends = await backendOf({ backend: 's3', bucket: 'tf', endpoint: 'https://minio.lab.arpa:9000' }, true);
    assert.deepEqual(backends.lab, {
      s3: {
        bucket: 'tf',
        key: 'homelab/lab.tfstate',
        region: 'us-east-1',
        endpoints: { s3: 'https://minio.lab.arpa:9000' },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
    assert.equal(backends['lab-access'].s3.key, 'homelab/lab-access.tfstate');
    assert.doesNotMatch(JSON.stringify(backends), /access_key|secret_key/);
  });

  it('s3 on AWS: no endpoint, no skipped checks, custom key', async () => {
    const { lab } = await backendOf({ backend: 's3', bucket: 'tf', key: 'labs/{stack}/state', region: 'eu-west-1' });
    assert.deepEqual(lab, { s3: { bucket: 'tf', key: 'labs/lab/state', region: 'eu-west-1' } });
  });

  it('pg: schema per stack, connection string left to PG_CONN_STR', async () => {
    const backends = await backendOf({ backend: 'pg' }, true);
    assert.deepEqual(backends, { lab: { pg: { schema_name: 'lab' } }, 'lab-access': { pg: { schema_name: 'lab_access' } } });
  });

  it('http: addresses with the stack name, credentials left to TF_HTTP_*', async () => {
    const base = 'https://gitlab.lab.arpa/api/v4/projects/7/terraform/state/{stack}';
    const { lab } = await backendOf({ backend: 'http', address: base, lockAddress: `${base}/lock`, unlockAddress: `${base}/lock`, lockMethod: 'POST', unlockMethod: 'DELETE' });
    const url = 'https://gitlab.lab.arpa/api/v4/projects/7/terraform/state/lab';
    assert.deepEqual(lab, { http: { address: url, lock_address: `${url}/lock`, unlock_address: `${url}/lock`, lock_method: 'POST', unlock_method: 'DELETE' } });
  });

  it('local is the default: a state file per stack beside the project', async () => {
    const { lab } = await backendOf(undefined);
    assert.match(lab.local.path, /\/terraform\.lab\.tfstate$/);
    assert.deepEqual(await backendOf({ backend: 'local' }).then((b) => Object.keys(b.lab)), ['local']);
  });
});
