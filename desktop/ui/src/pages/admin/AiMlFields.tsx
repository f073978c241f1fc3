// The tenant's AI / ML configuration: on/off, shadow mode, provider, thresholds and
// feature toggles, edited in place on the JSON object the API keeps.
import { Field } from '../../components/Field';

export type AiMlConfig = Record<string, unknown>;

function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function objectAt(config: AiMlConfig, key: string): Record<string, unknown> {
  const value = config[key];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function AiMlFields({
  value,
  onChange,
  disabled,
  error,
}: {
  value: AiMlConfig;
  onChange: (config: AiMlConfig) => void;
  disabled?: boolean;
  error?: string | null;
}) {
  const thresholds = objectAt(value, 'thresholds');
  const features = objectAt(value, 'features');
  const set = (key: string, v: unknown) => onChange({ ...value, [key]: v });
  const setIn = (group: string, key: string, v: unknown) =>
    onChange({ ...value, [group]: { ...objectAt(value, group), [key]: v } });
  return (
    <fieldset>
      <legend>AI / ML</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={value.enabled === true}
          disabled={disabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />
        AI / ML enabled
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.shadowMode === true}
          disabled={disabled}
          onChange={(e) => set('shadowMode', e.target.checked)}
        />
        Shadow mode (score without acting)
      </label>
      <div className="form-grid">
        <Field label="Provider">
          <input
            value={typeof value.provider === 'string' ? value.provider : ''}
            disabled={disabled}
            onChange={(e) => set('provider', e.target.value)}
          />
        </Field>
        {Object.entries(thresholds).map(([key, v]) => (
          <Field key={key} label={`${words(key)} threshold`}>
            <input
              type="number"
              step="0.01"
              min="0"
              max="1"
              value={typeof v === 'number' || typeof v === 'string' ? String(v) : ''}
              disabled={disabled}
              onChange={(e) =>
                setIn('thresholds', key, e.target.value === '' ? '' : Number(e.target.value))
              }
            />
          </Field>
        ))}
      </div>
      {Object.keys(features).length > 0 && (
        <div className="checks">
          {Object.entries(features).map(([key, v]) => (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={v === true}
                disabled={disabled}
                onChange={(e) => setIn('features', key, e.target.checked)}
              />
              {words(key)}
            </label>
          ))}
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
