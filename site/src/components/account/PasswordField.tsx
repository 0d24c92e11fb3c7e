import { useId, useState } from 'react';
import { passwordShortfalls, PASSWORD_POLICY, type PasswordRule } from '../../../../shared/accounts/password-policy.ts';

/** The pool's rules as a person reads them, before they submit (shared/accounts/password-policy.ts). */
const RULES: Array<[PasswordRule, string]> = [
  ['length', `au moins ${PASSWORD_POLICY.minLength} caractères`],
  ['lowercase', 'une minuscule'],
  ['uppercase', 'une majuscule'],
  ['digit', 'un chiffre'],
  ['symbol', 'un caractère spécial (par exemple ! ? - _ @ #)'],
];

/**
 * A new password with the rules listed under it, each ticked as it is met (announced to screen
 * readers through aria-describedby), and a button to show what was typed.
 */
export function NewPasswordField(props: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  const rulesId = useId();
  const [visible, setVisible] = useState(false);
  const broken = new Set(passwordShortfalls(props.value));
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="password-input">
        <input
          id={props.id}
          name={props.id}
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          required
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          aria-describedby={rulesId}
        />
        <button type="button" className="link-button" onClick={() => setVisible(!visible)} aria-pressed={visible}>
          {visible ? 'Masquer' : 'Afficher'}
        </button>
      </div>
      <ul id={rulesId} className="password-rules" aria-label="Règles à respecter">
        {RULES.map(([rule, text]) => {
          const met = props.value !== '' && !broken.has(rule);
          return (
            <li key={rule} className={met ? 'met' : undefined}>
              <span aria-hidden="true">{met ? '✓' : '•'}</span> {text}
              <span className="sr-only">{met ? ' (respecté)' : ''}</span>
            </li>
          );
        })}
        {broken.has('edgeSpace') && <li className="unmet">pas d’espace au début ni à la fin</li>}
      </ul>
    </>
  );
}

/** Whether the password meets every rule (the form refuses to submit otherwise, with this message). */
export const passwordProblem = (password: string) =>
  passwordShortfalls(password).length > 0 ? 'Le mot de passe ne respecte pas encore toutes les règles indiquées sous le champ.' : undefined;
