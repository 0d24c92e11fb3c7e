import { Token, type Stack } from 'aws-cdk-lib';

/**
 * How cdk-nag spells a stack's account and region inside a finding id (e.g. an ARN in
 * `AwsSolutions-IAM5[Resource::…]`): the literal when the stack's environment is concrete,
 * the pseudo parameter otherwise. Acknowledgements must match it exactly.
 */
export function nagEnvironment(stack: Stack): { account: string; region: string } {
  return {
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
  };
}
