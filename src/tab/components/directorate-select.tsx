/**
 * The directorate picker three views share: one labelled Fluent select whose first option
 * stands for "no directorate chosen" (whole plan, all directorates, choose one…).
 */
import { Field, Select } from '@fluentui/react-components';
import type { DirectorateRef } from '../model/plan-index.ts';

export interface DirectorateSelectProps {
  label: string;
  /** Text of the first option, whose value is the empty string. */
  noneLabel: string;
  directorates: readonly DirectorateRef[];
  value: string;
  onChange: (code: string) => void;
  className?: string;
}

export function DirectorateSelect({ label, noneLabel, directorates, value, onChange, className }: DirectorateSelectProps) {
  return (
    <Field label={label}>
      <Select className={className} value={value} onChange={(_, data) => onChange(data.value)}>
        <option value="">{noneLabel}</option>
        {directorates.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
