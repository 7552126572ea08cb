import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { claimsFor } from '#shared/auth/token-claims';

/**
 * Cognito pre-token-generation (V2): puts `role` and `propertyId` into the access token, with the role's scope.
 * A user without a staff group or a valid property gets no token at all (the error fails the sign-in).
 */
export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const { role, propertyId, scope } = claimsFor(event.request.groupConfiguration.groupsToOverride ?? [], event.request.userAttributes['custom:propertyId']);
  const claims = { role, propertyId };
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims, scopesToAdd: [scope] },
    },
  };
  return event;
};
