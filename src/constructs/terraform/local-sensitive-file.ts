/**
 * hashicorp/local `local_sensitive_file`: writes a secret produced during `terraform apply` (kubeconfig,
 * talosconfig) to a file on the machine that runs Terraform. The content never appears in our output,
 * only a reference to the attribute that holds it.
 */
import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, type ITerraformDependable } from '../../cdktf';

const META = { providerName: 'local', providerVersionConstraint: '~> 2.5' } as const;

/** The hashicorp/local provider (no settings). Created once per stack by `LocalSensitiveFile`. */
export class LocalProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: 'local', terraformGeneratorMetadata: META, terraformProviderSource: 'hashicorp/local' });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export interface LocalSensitiveFileProps {
  /** Path of the file; relative paths are relative to Terraform's working directory. */
  readonly filename: string;
  /** Content, normally a reference to a sensitive attribute. */
  readonly content: string;
  /** Octal permission. @default '0600' */
  readonly filePermission?: string;
  /** Resources that must exist first. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

export class LocalSensitiveFile extends TerraformResource {
  private readonly props: LocalSensitiveFileProps;

  constructor(scope: Construct, id: string, props: LocalSensitiveFileProps) {
    super(scope, id, { terraformResourceType: 'local_sensitive_file', terraformGeneratorMetadata: META, dependsOn: props.dependsOn });
    this.props = props;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      filename: this.props.filename,
      content: this.props.content,
      file_permission: this.props.filePermission ?? '0600',
      directory_permission: '0700',
    };
  }
}
