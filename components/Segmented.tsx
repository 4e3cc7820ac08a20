/** A row of mutually exclusive buttons (DevTools' segmented control), as tabs or as radios. */

/** One choice. */
export interface SegmentOption<T extends string> {
  id: T;
  label: string;
  title?: string;
}

/** Props of {@link Segmented}. */
export interface SegmentedProps<T extends string> {
  /** Accessible name of the group. */
  label: string;
  /** `tab` for switching views, `radio` for switching a mode. */
  role: 'tab' | 'radio';
  options: readonly SegmentOption<T>[];
  value: T;
  onChange: (id: T) => void;
  /** Each button gets `data-testid="<prefix><id>"`. */
  testIdPrefix: string;
}

/** The segmented control. */
export function Segmented<T extends string>({ label, role, options, value, onChange, testIdPrefix }: SegmentedProps<T>) {
  return (
    <div className="segmented" role={role === 'tab' ? 'tablist' : 'radiogroup'} aria-label={label}>
      {options.map((option) => (
        <button
          key={option.id}
          type="button"
          role={role}
          {...(role === 'tab' ? { 'aria-selected': value === option.id } : { 'aria-checked': value === option.id })}
          className={`tool-button${value === option.id ? ' active' : ''}`}
          data-testid={`${testIdPrefix}${option.id}`}
          title={option.title}
          onClick={() => onChange(option.id)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
