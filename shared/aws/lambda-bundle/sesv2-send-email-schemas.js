/**
 * The SESv2 schemas SendEmail needs (its request and response, and the service's errors), cut from
 * `@aws-sdk/client-sesv2` 3.1169.0 `dist-es/schemas/schemas_0.js` for the Lambda bundles' SESv2 client
 * (./client-sesv2.js, which says why). Two changes: trait keys are written out (`{ http: ... }` for `{ [_h]: ... }`,
 * which esbuild keeps as a possible side effect) and the error registries are built on first use, so a bundle that
 * imports the client without making one leaves all of this out. test/functions/lambda-bundle.test.ts checks that each schema here equals the
 * installed SDK's, so an SDK upgrade that changes one fails the tests instead of sending something else.
 */
const _A = 'Attachment';
const _AEE = 'AlreadyExistsException';
const _AL = 'AttachmentList';
const _ASE = 'AccountSuspendedException';
const _At = 'Attachments';
const _B = 'Body';
const _BA = 'BccAddresses';
const _BRE = 'BadRequestException';
const _CAc = 'CcAddresses';
const _CD = 'ContentDisposition';
const _CDo = 'ContentDescription';
const _CE = 'ConflictException';
const _CI = 'ContentId';
const _CLN = 'ContactListName';
const _CME = 'ConcurrentModificationException';
const _CO = 'ConfigurationOverrides';
const _CSN = 'ConfigurationSetName';
const _CT = 'ContentType';
const _CTE = 'ContentTransferEncoding';
const _CTEl = 'ClickTrackingEnabled';
const _Ch = 'Charset';
const _Con = 'Content';
const _Da = 'Data';
const _Des = 'Destination';
const _EC = 'EmailContent';
const _EIn = 'EndpointId';
const _ET = 'EmailTags';
const _ETC = 'EmailTemplateContent';
const _FEA = 'FromEmailAddress';
const _FEAIA = 'FromEmailAddressIdentityArn';
const _FFEA = 'FeedbackForwardingEmailAddress';
const _FFEAIA = 'FeedbackForwardingEmailAddressIdentityArn';
const _FN = 'FileName';
const _H = 'Html';
const _He = 'Headers';
const _INTE = 'InvalidNextTokenException';
const _ISEE = 'InternalServiceErrorException';
const _LEE = 'LimitExceededException';
const _LMO = 'ListManagementOptions';
const _MFDNVE = 'MailFromDomainNotVerifiedException';
const _MH = 'MessageHeader';
const _MHL = 'MessageHeaderList';
const _MI = 'MessageId';
const _MR = 'MessageRejected';
const _MTL = 'MessageTagList';
const _MTe = 'MessageTag';
const _Me = 'Message';
const _NFE = 'NotFoundException';
const _Na = 'Name';
const _OTE = 'OpenTrackingEnabled';
const _RC = 'RawContent';
const _RM = 'RawMessage';
const _RTA = 'ReplyToAddresses';
const _Ra = 'Raw';
const _SER = 'SendEmailRequest';
const _SERe = 'SendEmailResponse';
const _SEen = 'SendEmail';
const _SPE = 'SendingPausedException';
const _Si = 'Simple';
const _Su = 'Subject';
const _T = 'Text';
const _TAe = 'TemplateArn';
const _TAo = 'ToAddresses';
const _TC = 'TemplateContent';
const _TCO = 'TrackingConfigurationOverrides';
const _TD = 'TemplateData';
const _TMRE = 'TooManyRequestsException';
const _TN = 'TemplateName';
const _TNe = 'TenantName';
const _TNo = 'TopicName';
const _Te = 'Template';
const _Tr = 'Tracking';
const _V = 'Value';
const _c = 'client';
const _h = 'http';
const _m = 'message';
const _s = 'smithy.ts.sdk.synthetic.com.amazonaws.sesv2';
const _se = 'server';
const n0 = 'com.amazonaws.sesv2';
import { TypeRegistry } from '@smithy/core/schema';
import {
  AccountSuspendedException,
  AlreadyExistsException,
  BadRequestException,
  ConcurrentModificationException,
  ConflictException,
  InternalServiceErrorException,
  InvalidNextTokenException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SendingPausedException,
  TooManyRequestsException,
} from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/models/errors.js';
import { SESv2ServiceException } from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/models/SESv2ServiceException.js';
export var SESv2ServiceException$ = [-3, _s, 'SESv2ServiceException', 0, [], []];
export var AccountSuspendedException$ = [-3, n0, _ASE, { error: _c, httpError: 400 }, [_m], [0]];
export var AlreadyExistsException$ = [-3, n0, _AEE, { error: _c, httpError: 400 }, [_m], [0]];
export var BadRequestException$ = [-3, n0, _BRE, { error: _c, httpError: 400 }, [_m], [0]];
export var ConcurrentModificationException$ = [-3, n0, _CME, { error: _se, httpError: 500 }, [_m], [0]];
export var ConflictException$ = [-3, n0, _CE, { error: _c, httpError: 409 }, [_m], [0]];
export var InternalServiceErrorException$ = [-3, n0, _ISEE, { error: _se, httpError: 500 }, [_m], [0]];
export var InvalidNextTokenException$ = [-3, n0, _INTE, { error: _c, httpError: 400 }, [_m], [0]];
export var LimitExceededException$ = [-3, n0, _LEE, { error: _c, httpError: 400 }, [_m], [0]];
export var MailFromDomainNotVerifiedException$ = [-3, n0, _MFDNVE, { error: _c, httpError: 400 }, [_m], [0]];
export var MessageRejected$ = [-3, n0, _MR, { error: _c, httpError: 400 }, [_m], [0]];
export var NotFoundException$ = [-3, n0, _NFE, { error: _c, httpError: 404 }, [_m], [0]];
export var SendingPausedException$ = [-3, n0, _SPE, { error: _c, httpError: 400 }, [_m], [0]];
export var TooManyRequestsException$ = [-3, n0, _TMRE, { error: _c, httpError: 429 }, [_m], [0]];
export var Attachment$ = [3, n0, _A, 0, [_RC, _FN, _CD, _CDo, _CI, _CTE, _CT], [21, 0, 0, 0, 0, 0, 0], 2];
export var Body$ = [3, n0, _B, 0, [_T, _H], [() => Content$, () => Content$]];
export var ConfigurationOverrides$ = [3, n0, _CO, 0, [_Tr], [() => TrackingConfigurationOverrides$]];
export var Content$ = [3, n0, _Con, 0, [_Da, _Ch], [0, 0], 1];
export var Destination$ = [3, n0, _Des, 0, [_TAo, _CAc, _BA], [64 | 0, 64 | 0, 64 | 0]];
export var EmailContent$ = [3, n0, _EC, 0, [_Si, _Ra, _Te], [() => Message$, () => RawMessage$, () => Template$]];
export var EmailTemplateContent$ = [3, n0, _ETC, 0, [_Su, _T, _H], [0, 0, 0]];
export var ListManagementOptions$ = [3, n0, _LMO, 0, [_CLN, _TNo], [0, 0], 1];
export var Message$ = [3, n0, _Me, 0, [_Su, _B, _He, _At], [() => Content$, () => Body$, () => MessageHeaderList, () => AttachmentList], 2];
export var MessageHeader$ = [3, n0, _MH, 0, [_Na, _V], [0, 0], 2];
export var MessageTag$ = [3, n0, _MTe, 0, [_Na, _V], [0, 0], 2];
export var RawMessage$ = [3, n0, _RM, 0, [_Da], [21], 1];
export var SendEmailRequest$ = [
  3,
  n0,
  _SER,
  0,
  [_Con, _FEA, _FEAIA, _Des, _RTA, _FFEA, _FFEAIA, _ET, _CSN, _EIn, _TNe, _LMO, _CO],
  [() => EmailContent$, 0, 0, () => Destination$, 64 | 0, 0, 0, () => MessageTagList, 0, 0, 0, () => ListManagementOptions$, () => ConfigurationOverrides$],
  1,
];
export var SendEmailResponse$ = [3, n0, _SERe, 0, [_MI], [0]];
export var Template$ = [3, n0, _Te, 0, [_TN, _TAe, _TC, _TD, _He, _At], [0, 0, () => EmailTemplateContent$, 0, () => MessageHeaderList, () => AttachmentList]];
export var TrackingConfigurationOverrides$ = [3, n0, _TCO, 0, [_OTE, _CTEl], [0, 0]];
var AttachmentList = [1, n0, _AL, 0, () => Attachment$];
var MessageHeaderList = [1, n0, _MHL, 0, () => MessageHeader$];
var MessageTagList = [1, n0, _MTL, 0, () => MessageTag$];
export var SendEmail$ = [9, n0, _SEen, { http: ['POST', '/v2/email/outbound-emails', 200] }, () => SendEmailRequest$, () => SendEmailResponse$];

let registries;

/**
 * The service's error registries. The original builds and fills them when its module loads; here on the first call
 * (when a client is made), so that a bundle importing the client without making one leaves this module out.
 */
export function errorTypeRegistries() {
  if (!registries) {
    const _s_registry = new TypeRegistry(_s);
    _s_registry.registerError(SESv2ServiceException$, SESv2ServiceException);
    const n0_registry = new TypeRegistry(n0);
    n0_registry.registerError(AccountSuspendedException$, AccountSuspendedException);
    n0_registry.registerError(AlreadyExistsException$, AlreadyExistsException);
    n0_registry.registerError(BadRequestException$, BadRequestException);
    n0_registry.registerError(ConcurrentModificationException$, ConcurrentModificationException);
    n0_registry.registerError(ConflictException$, ConflictException);
    n0_registry.registerError(InternalServiceErrorException$, InternalServiceErrorException);
    n0_registry.registerError(InvalidNextTokenException$, InvalidNextTokenException);
    n0_registry.registerError(LimitExceededException$, LimitExceededException);
    n0_registry.registerError(MailFromDomainNotVerifiedException$, MailFromDomainNotVerifiedException);
    n0_registry.registerError(MessageRejected$, MessageRejected);
    n0_registry.registerError(NotFoundException$, NotFoundException);
    n0_registry.registerError(SendingPausedException$, SendingPausedException);
    n0_registry.registerError(TooManyRequestsException$, TooManyRequestsException);
    registries = [_s_registry, n0_registry];
  }
  return registries;
}
