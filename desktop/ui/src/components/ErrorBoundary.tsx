// Catches a rendering failure anywhere below: reports it and offers a reload.
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { reportError } from '../errorReporting';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    reportError(error, info.componentStack ?? undefined);
  }

  render() {
    if (this.state.failed) {
      return (
        <div className="state state-error" role="alert">
          <p>Something went wrong. Please reload the page.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
