import { useCallback, useEffect, useState } from 'react';
import { describeApiError } from '../../lib/api.ts';
import { formatMoney } from '../../lib/format.ts';
import { fill } from '../../lib/i18n.ts';
import { localeOf, productHref, publicApi, type PublicProduct } from '../../lib/public-booking.ts';
import { Skeleton } from '../ui/Skeleton.tsx';
import { BookingFrame, type BookingContext } from './BookingFrame.tsx';


/** "60 min · 45,00 €" (or "· Gratuit"): what a product takes and costs, as one line. */
export function productFacts(product: PublicProduct, { t, language }: Pick<BookingContext, 't' | 'language'>): string {
  const price = product.price > 0 ? formatMoney(product.price, product.currency, localeOf(language)) : t('type.free');
  return `${fill(t('book.minutes'), { minutes: String(product.durationMinutes) })} · ${price}`;
}

/** The active public products, read once; a failure is a sentence in the page's language, `load` tries again. */
export function usePublicProducts(language: BookingContext['language']) {
  const [products, setProducts] = useState<PublicProduct[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    setError(undefined);
    publicApi<PublicProduct[]>('/public/products').then(setProducts, (e: unknown) => setError(describeApiError(e, language)));
  }, [language]);
  useEffect(load, [load]);
  return { products, error, load };
}

function ProductList({ context }: { context: BookingContext }) {
  const { t, language } = context;
  const { products, error, load } = usePublicProducts(language);

  return (
    <section aria-labelledby="book-title">
      <h1 id="book-title">{t('book.title')}</h1>
      <p className="muted">{t('book.intro')}</p>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" onClick={load}>
            {t('shell.retry')}
          </button>
        </div>
      )}
      {!products && !error && <Skeleton label={t('shell.loading')} />}
      {products && products.length === 0 && <p className="notice">{t('book.none')}</p>}
      {products && products.length > 0 && (
        <ul className="product-list">
          {products.map((product) => (
            <li key={product.id} className="product-card">
              <h2>{product.name}</h2>
              <p className="product-facts">{productFacts(product, context)}</p>
              {product.description && <p className="product-description">{product.description}</p>}
              {product.requiresConfirmation && <p className="muted small">{t('book.onRequest')}</p>}
              <a className="button" href={productHref(product, context)} aria-label={fill(t('book.chooseFor'), { name: product.name })}>
                {t('book.choose')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** /book/: the public products a visitor can book without an account, each with its link. */
export function BookingProductsPage() {
  return <BookingFrame title="book.title">{(context) => <ProductList context={context} />}</BookingFrame>;
}
