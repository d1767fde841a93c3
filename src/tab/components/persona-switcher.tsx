/**
 * "Viewing as": the local demo's persona switcher in the banner. A native select (Fluent's
 * Select), so keyboards, screen readers and high contrast behave as people expect; choosing a
 * persona signs in as them at once.
 */
import { Field, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { DemoPersona } from '../auth/persona-sign-in.ts';

const useStyles = makeStyles({
  field: { display: 'flex', flexDirection: 'row', alignItems: 'center', gap: tokens.spacingHorizontalS },
  select: { minWidth: '18rem' },
});

export interface PersonaSwitcherProps {
  personas: readonly DemoPersona[];
  /** Undefined while nobody is signed in (the address named a persona there is not). */
  currentId: string | undefined;
  onChange: (id: string) => void;
}

export function PersonaSwitcher({ personas, currentId, onChange }: PersonaSwitcherProps) {
  const styles = useStyles();
  return (
    <Field label="Viewing as (demo)" orientation="horizontal" className={styles.field}>
      <Select className={styles.select} value={currentId ?? ''} onChange={(_event, data) => onChange(data.value)}>
        {currentId === undefined ? (
          <option value="" disabled>
            Choose a persona
          </option>
        ) : null}
        {personas.map((persona) => (
          <option key={persona.id} value={persona.id}>
            {persona.displayName}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** The signed-in person's name, when signed in with Entra. */
export function SignedInName({ name }: { name: string }) {
  return <Text aria-label={`Signed in as ${name}`}>{name}</Text>;
}
