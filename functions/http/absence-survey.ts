import { absenceSurveyStoreFromEnvironment, clock, unsubscribeSigningKeyFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { answerAbsenceSurvey, showAbsenceSurvey } from '#shared/use-cases/absence-survey';

const store = absenceSurveyStoreFromEnvironment();
/** The links are signed with the unsubscribe key, for another purpose (cached between requests). */
const readSigningKey = unsubscribeSigningKeyFromEnvironment();

/** GET shows "What kept you away?"; POST (the page's form) records the answer, once per email. */
export const handler = httpHandler(
  async ({ method, query, body }) => {
    const signingKey = await readSigningKey();
    return method === 'POST'
      ? answerAbsenceSurvey({ reader: store, recorder: store, clock, signingKey }, query, body)
      : showAbsenceSurvey({ signingKey, recorder: store }, query);
  },
  { body: 'form' },
);
