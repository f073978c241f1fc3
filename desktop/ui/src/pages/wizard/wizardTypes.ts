// Shared types of the quote wizard: the steps, what is typed, and a product's entry model.
import type { Schemas } from '../../api/types';

export type QuoteView = Schemas['QuoteView'];
export type ProductConfig = Schemas['ProductConfig'];
export type CoverageConfig = Schemas['CoverageConfig'];
export type FormField = Schemas['FormField'];
export type Premium = Schemas['Premium'];
export type Underwriting = Schemas['Underwriting'];
export type UnderwritingCompany = Schemas['UnderwritingCompany'];
export type BindResponse = Schemas['BindResponse'];
export type IssueResponse = Schemas['IssueResponse'];

/** A row of `GET /api/v1/products` (the page type is inline in the OpenAPI). */
export interface ProductSummary {
  code: string;
  name: string;
  version: string;
  description: string;
  currency: string;
  riskType: string;
}

/** The steps, in order; a quote's `progressStep` is the index of the step it is at. */
export const STEPS = [
  'Product',
  'Qualification',
  'Insureds',
  'Risk',
  'Coverages',
  'Rating',
  'Premium & bind',
] as const;
export const PRODUCT = 0;
export const QUALIFICATION = 1;
export const INSUREDS = 2;
export const RISK = 3;
export const COVERAGES = 4;
export const RATING = 5;
export const BIND = 6;

export type FieldKind = 'text' | 'number' | 'integer' | 'select' | 'boolean' | 'date';

/** One entry field, merged from the product form and the tenant's field metadata. */
export interface FieldDef {
  /** The payload path (`risks.0.year`, `uwAnswers.driverAge`). */
  path: string;
  /** For risk fields, the path inside one risk (`year`); otherwise the path. */
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
  help?: string;
  /** Shown when the value has the wrong form (field-meta `validation.message`). */
  message?: string;
  group: string;
  order: number;
  readOnly: boolean;
  scope: 'risk' | 'shared' | 'qualification';
}

/** Everything the wizard knows about the selected product. */
export interface ProductCtx {
  summary: ProductSummary;
  config: ProductConfig;
  qualification: FieldDef[];
  shared: FieldDef[];
  risk: FieldDef[];
  /** Commercial lines name a business instead of a person. */
  commercial: boolean;
  /** The risk carries the business name (typed once, on the Insureds step). */
  riskBusinessName: boolean;
  /** Personal auto takes several vehicles. */
  multiRisk: boolean;
  country: string;
  states: string[];
}

export interface CoverageChoice {
  selected: boolean;
  /** Option values are kept as JSON text (`"50000/100000"`, `25000`); a typed limit as typed. */
  limit: string;
  deductible: string;
  percent: string;
}

/** What has been typed, as text, so nothing is lost while it is incomplete. */
export interface WizardData {
  productCode: string;
  state: string;
  effectiveDate: string;
  termMonths: string;
  companyId: string;
  companyName: string;
  firstName: string;
  lastName: string;
  email: string;
  businessName: string;
  /** Qualification answers and non-risk fields, by payload path. */
  answers: Record<string, string>;
  /** One entry per risk (vehicle), by the field key inside the risk. */
  risks: Record<string, string>[];
  coverages: Record<string, CoverageChoice>;
  deductibles: Record<string, string>;
}

/** The latest rating of the quote and the payload it was for. */
export interface Rating {
  premium: Premium;
  underwriting: Underwriting;
  /** JSON of the payload that was rated: a different payload needs a new rating. */
  ratedFor: string;
}

export type Errors = Record<string, string>;
