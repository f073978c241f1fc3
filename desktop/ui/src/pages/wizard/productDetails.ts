// Loads a product's configuration, form and field metadata (cached per product code).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Schemas } from '../../api/types';
import type { Async } from '../../components/useAsync';
import { productCtx } from './fields';
import type { ProductConfig, ProductCtx, ProductSummary } from './wizardTypes';

export async function loadProduct(summary: ProductSummary, roles: string[]): Promise<ProductCtx> {
  const base = `/api/v1/products/${encodeURIComponent(summary.code)}`;
  const [config, form, meta] = await Promise.all([
    api.get<ProductConfig>(`${base}/config`),
    api.get<Schemas['ProductForm']>(`${base}/form`),
    api.get<Schemas['FieldMeta']>(`${base}/field-meta`),
  ]);
  return productCtx(summary, config, form.fields ?? [], meta.fields ?? [], roles);
}

export function summaryFor(code: string, products: ProductSummary[]): ProductSummary {
  return (
    products.find((p) => p.code === code) ?? {
      code,
      name: code,
      version: '',
      description: '',
      currency: 'USD',
      riskType: '',
    }
  );
}

/** The selected product's details; `ctx` is null until those of `code` are loaded. */
export function useProductDetails(
  code: string,
  products: ProductSummary[],
  roles: string[],
  initial: ProductCtx | null,
) {
  const cache = useRef(new Map<string, ProductCtx>(initial ? [[initial.summary.code, initial]] : []));
  const [state, setState] = useState<Async<ProductCtx | null>>(() =>
    !code
      ? { status: 'ready', data: null }
      : cache.current.has(code)
        ? { status: 'ready', data: cache.current.get(code)! }
        : { status: 'loading' },
  );
  const [round, setRound] = useState(0);
  const rolesKey = roles.join(',');
  useEffect(() => {
    let live = true;
    if (!code) {
      setState({ status: 'ready', data: null });
      return;
    }
    const known = cache.current.get(code);
    if (known) {
      setState({ status: 'ready', data: known });
      return;
    }
    setState({ status: 'loading' });
    loadProduct(summaryFor(code, products), rolesKey ? rolesKey.split(',') : []).then(
      (ctx) => {
        cache.current.set(code, ctx);
        if (live) setState({ status: 'ready', data: ctx });
      },
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [code, round, products, rolesKey]);
  const retry = useCallback(() => setRound((r) => r + 1), []);
  const ctx = state.status === 'ready' && state.data?.summary.code === code ? state.data : null;
  return { state, ctx, retry };
}
