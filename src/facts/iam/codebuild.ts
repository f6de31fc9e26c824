/**
 * Whether a role holds what AWSProtonCodeBuildProvisioningBasicAccess grants: the three CloudWatch
 * Logs actions on /aws/codebuild/AWSProton-* log groups (without them "CodeBuild will fail to
 * start") and proton:NotifyResourceDeploymentStatusChange. Any Allow counts, conditional or not:
 * this is a reliability check, and a condition does not make the permission absent.
 */
import { actionId } from './actions.ts';
import { ANY_CONDITION, onPattern, type PermissionModel } from './permissions.ts';

const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'];

export function holdsCodeBuildBasicAccess(model: PermissionModel, partition: string, account: string | undefined): boolean {
  const anywhere = model.allowedAnywhere();
  if (![...LOG_ACTIONS, 'proton:NotifyResourceDeploymentStatusChange'].every((a) => anywhere.has(actionId(a)))) return false;
  const acct = account ?? '*';
  const logGroups = onPattern(`arn:${partition}:logs:*:${acct}:log-group:/aws/codebuild/AWSProton-*`);
  const protonResources = onPattern(`arn:${partition}:proton:*:${acct}:*`);
  return (
    LOG_ACTIONS.every((a) => model.isAllowed(actionId(a), logGroups, ANY_CONDITION)) &&
    model.isAllowed(actionId('proton:NotifyResourceDeploymentStatusChange'), protonResources, ANY_CONDITION)
  );
}
