/**
 * hashicorp/random `random_password`: a secret generated during `terraform apply` (e.g. the K3s join token).
 * Its value lives only in Terraform state; our output holds the reference `${random_password.<name>.result}`.
 */
import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, Token } from '../../cdktf';

const META = { providerName: 'random', providerVersionConstraint: '~> 3.6' } as const;

/** The hashicorp/random provider (no settings). */
export class RandomProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: 'random', terraformGeneratorMetadata: META, terraformProviderSource: 'hashicorp/random' });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export interface RandomPasswordProps {
  /** Number of characters. */
  readonly length: number;
  /** Include special characters. @default false (the value goes into files and command lines unquoted) */
  readonly special?: boolean;
}

export class RandomPassword extends TerraformResource {
  private readonly props: RandomPasswordProps;

  constructor(scope: Construct, id: string, props: RandomPasswordProps) {
    super(scope, id, { terraformResourceType: 'random_password', terraformGeneratorMetadata: META });
    this.props = props;
  }

  /** The generated value (sensitive): a reference, never the value itself. */
  get result(): string {
    return Token.asString(this.interpolationForAttribute('result'));
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { length: this.props.length, special: this.props.special ?? false };
  }
}
