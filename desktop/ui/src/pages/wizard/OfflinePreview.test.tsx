// The offline preview shows only in the desktop app, with the locally rated premium.
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { platform } from '@platform';
import { OfflinePreview } from './OfflinePreview';

afterEach(() => {
  delete platform.desktop;
});

describe('OfflinePreview', () => {
  it('is absent in the web build', () => {
    const { container } = render(<OfflinePreview tenant="t" payload={{}} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('shows the locally rated premium in the desktop app', async () => {
    const previewPremium = vi.fn().mockResolvedValue({
      total: 516.93,
      currency: 'USD',
      decision: 'Eligible',
      reasons: [],
    });
    platform.desktop = {
      serverSettings: vi.fn(),
      setServerUrl: vi.fn(),
      previewPremium,
    };
    render(<OfflinePreview tenant="sample-carrier" payload={{ productCode: 'personal-auto' }} />);
    expect(await screen.findByTestId('offline-premium')).toHaveTextContent('$516.93 · Eligible');
    expect(screen.getByRole('complementary', { name: 'Offline premium preview' })).toBeVisible();
    expect(previewPremium).toHaveBeenCalledWith('sample-carrier', { productCode: 'personal-auto' });
  });

  it('says why a half-filled quote cannot be rated yet', async () => {
    platform.desktop = {
      serverSettings: vi.fn(),
      setServerUrl: vi.fn(),
      previewPremium: vi.fn().mockRejectedValue('Not rateable yet: driverAge is missing'),
    };
    render(<OfflinePreview tenant="t" payload={{ productCode: 'personal-auto' }} />);
    expect(await screen.findByText('Not rateable yet: driverAge is missing')).toBeInTheDocument();
  });
});
