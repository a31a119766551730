import { builder } from '../builder.js'
import {
  AgreementKind,
  AmountPeriod,
  AmountQualifier,
  AgreementStatus,
  AssetKind,
  ClauseKind,
  CompanyKind,
  DatePrecision,
  Exclusivity,
  PartyRole,
  QuantityUnit,
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
export const ChangeTypeEnum = builder.enumType('ChangeType', {
  values: ['ADDED', 'REMOVED', 'MODIFIED', 'UNCHANGED'] as const,
})
export const AmountQualifierEnum = builder.enumType(AmountQualifier, {
  name: 'AmountQualifier',
  description: 'How exactly a figure is known: "$10B", "about $10B", "up to $10B", "at least $10B", "$20–25M".',
})
export const AmountPeriodEnum = builder.enumType(AmountPeriod, {
  name: 'AmountPeriod',
  description: 'What a sum of money covers: once, each year, each month, or the whole term.',
})
export const QuantityUnitEnum = builder.enumType(QuantityUnit, { name: 'QuantityUnit' })
