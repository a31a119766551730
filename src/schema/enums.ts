import { builder } from '../builder.js'
import {
  AgreementKind,
  AgreementStatus,
  AmountPeriod,
  AmountQualifier,
  CloudScope,
  QuantityUnit,
  SourceKind,
  ValuationBasis,
  AssetKind,
  ClauseKind,
  CompanyKind,
  DatePrecision,
  Exclusivity,
  PartyRole,
  SourceBasis,
} from '../generated/prisma/enums.js'

// The database enums, exposed under the same names and values.
export const ClauseKindEnum = builder.enumType(ClauseKind, { name: 'ClauseKind' })
export const ExclusivityEnum = builder.enumType(Exclusivity, { name: 'Exclusivity' })
export const AgreementStatusEnum = builder.enumType(AgreementStatus, { name: 'AgreementStatus' })
export const AgreementKindEnum = builder.enumType(AgreementKind, { name: 'AgreementKind' })
export const AssetKindEnum = builder.enumType(AssetKind, { name: 'AssetKind' })
export const CompanyKindEnum = builder.enumType(CompanyKind, { name: 'CompanyKind' })
export const DatePrecisionEnum = builder.enumType(DatePrecision, { name: 'DatePrecision' })
export const PartyRoleEnum = builder.enumType(PartyRole, { name: 'PartyRole' })
export const SourceBasisEnum = builder.enumType(SourceBasis, {
  name: 'SourceBasis',
  description: 'How a source supports a fact.',
  values: {
    OFFICIAL: { description: 'An official company page or filing.' },
    COMPANY_STATEMENT: { description: 'A company statement or announcement as reported by the press.' },
    PRESS_REPORT: { description: "Journalists' reporting." },
    UNNAMED_SOURCES: { description: 'A press report citing unnamed sources or unpublished documents.' },
  },
})
export const AmountQualifierEnum = builder.enumType(AmountQualifier, {
  name: 'AmountQualifier',
  description: 'How exactly a figure is known.',
  values: {
    EXACT: { description: 'As stated.' },
    ABOUT: { description: 'Approximately.' },
    UP_TO: { description: 'At most.' },
    AT_LEAST: { description: 'At least.' },
    RANGE: { description: 'Between the figure (the low end) and `high`.' },
  },
})
export const AmountPeriodEnum = builder.enumType(AmountPeriod, {
  name: 'AmountPeriod',
  description: 'What a sum of money covers: once, each year, each month, or the whole term.',
})
export const QuantityUnitEnum = builder.enumType(QuantityUnit, { name: 'QuantityUnit', description: 'What a quantity counts.' })
export const CloudScopeEnum = builder.enumType(CloudScope, {
  name: 'CloudScope',
  description: 'Which clouds a term covers.',
  values: {
    NAMED: { description: 'The clouds in `cloudProviders`.' },
    ANY: { description: 'Any cloud.' },
    ANY_EXCEPT: { description: 'Any cloud except those in `cloudProviders`.' },
  },
})
export const ValuationBasisEnum = builder.enumType(ValuationBasis, { name: 'ValuationBasis' })
export const SourceKindEnum = builder.enumType(SourceKind, {
  name: 'SourceKind',
  description: 'What kind of publisher a source is.',
  values: {
    OFFICIAL: { description: "The company's own site, blog, press release or filing." },
    NEWS_OUTLET: { description: 'An outlet with its own reporting.' },
    AGGREGATOR: { description: "Reposts or summaries of others' reporting." },
    BLOG: { description: 'A personal or commentary site.' },
  },
})
export const ChangeTypeEnum = builder.enumType('ChangeType', {
  values: ['ADDED', 'REMOVED', 'MODIFIED', 'UNCHANGED'] as const,
})
