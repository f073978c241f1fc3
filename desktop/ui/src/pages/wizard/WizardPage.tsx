// The quote wizard (/wizard): loads the products, and with ?quoteId= the saved quote to
// resume, then hands over to the step-by-step Wizard.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { buildPayload, dataFromQuote } from './payload';
import { loadProduct, summaryFor } from './productDetails';
import { Wizard, type Resume } from './Wizard';
import { BIND, PRODUCT, RATING, type ProductSummary, type QuoteView } from './wizardTypes';
import './Wizard.css';

async function loadResume(
  quoteId: string,
  products: ProductSummary[],
  roles: string[],
): Promise<Resume> {
  const quote = await api.get<QuoteView>(`/api/v1/quotes/${encodeURIComponent(quoteId)}`);
  const ctx = quote.productCode
    ? await loadProduct(summaryFor(quote.productCode, products), roles)
    : null;
  const data = dataFromQuote(quote, ctx);
  const payloadJson = JSON.stringify(buildPayload(data, ctx));
  const rating =
    quote.status !== 'Draft' && quote.premium && quote.underwriting
      ? { premium: quote.premium, underwriting: quote.underwriting, ratedFor: payloadJson }
      : null;
  let step = Math.min(Math.max(quote.progressStep, PRODUCT), BIND);
  if (!rating && step > RATING) step = RATING;
  return { quote, ctx, data, rating, step, payloadJson };
}

export function WizardPage() {
  const [params, setParams] = useSearchParams();
  const quoteId = params.get('quoteId');
  const user = useUser();
  const rolesKey = user.roles.join(',');
  const [round, setRound] = useState(0);
  const [loaded, reload] = useAsync(async () => {
    const page = await api.get<Page<ProductSummary>>('/api/v1/products');
    const products = page.items ?? [];
    const resume = quoteId ? await loadResume(quoteId, products, rolesKey.split(',')) : null;
    return { products, resume };
  }, [quoteId, rolesKey]);

  const restart = () => {
    setRound((r) => r + 1);
    if (quoteId) setParams({});
  };

  let body;
  if (loaded.status === 'loading') {
    body = <Loading what={quoteId ? 'the saved quote' : 'products'} />;
  } else if (loaded.status === 'error') {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    body = (
      <>
        <ErrorNotice error={loaded.error} onRetry={missing ? undefined : reload} />
        {quoteId && (
          <p>
            <Link to="/wizard">Start a new quote</Link>
          </p>
        )}
      </>
    );
  } else if (loaded.data.resume?.quote.status === 'Converted') {
    const { quote } = loaded.data.resume;
    body = (
      <div className="notice" role="status">
        <p>Quote {quote.quoteNumber} has already been bound.</p>
        <div className="actions">
          {quote.convertedPolicyId && <Link to={`/policies/${quote.convertedPolicyId}`}>Open policy</Link>}
          <Link to="/wizard">Start a new quote</Link>
        </div>
      </div>
    );
  } else if (loaded.data.products.length === 0) {
    body = <Empty>No products are available to quote. Ask an administrator to set one up.</Empty>;
  } else {
    body = (
      <Wizard
        key={`${quoteId ?? 'new'}-${round}`}
        products={loaded.data.products}
        resume={loaded.data.resume}
        onRestart={restart}
      />
    );
  }

  return (
    <div className="wizard">
      <h1>New quote</h1>
      {body}
    </div>
  );
}
