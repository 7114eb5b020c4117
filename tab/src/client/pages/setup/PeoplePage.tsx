import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../../api.js';
import { useFormErrors } from '../../form-errors.js';
import { useMe } from '../../me.js';
import { navigate } from '../../router.js';
import { useLoad } from '../../use-load.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { ROLES, type Role } from '../../../../../core/src/domain/person.js';
import type { PersonAdminView } from '../../../../../core/src/app/admin/people.js';
import { PeopleImport } from './PeopleImport.js';
import type { DirectoryCandidate } from '../../../../../core/src/app/admin/find-people.js';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    maxWidth: '640px',
    marginTop: tokens.spacingVerticalL,
  },
  roles: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export const ROLE_NAMES: Record<Role, string> = {
  coordinator: 'Coordinator',
  chair: 'Chair',
  'deputy-chair': 'Deputy chair',
  'agency-rep': 'Agency representative',
  idva: 'IDVA',
  observer: 'Observer',
  admin: 'Administrator',
};

/** The people of an area (or everyone): roles, agency, active, and whether Teams has seen them. */
export function PeoplePage({ areaId }: { areaId?: string }) {
  const { areas, agencyName, isAdmin } = useMe();
  const area = areas.find((a) => a.id === areaId) ?? areas[0];
  const { data, error, setData } = useLoad<PersonAdminView[]>(
    `/api/admin/people${area ? `?areaId=${encodeURIComponent(area.id)}` : ''}`,
  );
  const [editing, setEditing] = useState<string>();
  const refresh = async () =>
    setData(await api.get(`/api/admin/people${area ? `?areaId=${encodeURIComponent(area.id)}` : ''}`));
  return (
    <>
      <h1>{`People${area ? `: ${area.name}` : ''}`}</h1>
      {areas.length > 1 && area && (
        <Field label="MARAC area">
          <Select
            value={area.id}
            onChange={(_, d) => navigate(`/people?areaId=${encodeURIComponent(d.value)}`)}
          >
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <ErrorBar error={error} />
      <Table aria-label="People" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Email</TableHeaderCell>
            <TableHeaderCell>Agency</TableHeaderCell>
            <TableHeaderCell>Roles</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Teams</TableHeaderCell>
            <TableHeaderCell>Change</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(data ?? []).map((p) => (
            <TableRow key={p.id} data-person={p.email}>
              <TableCell>{p.displayName}</TableCell>
              <TableCell>{p.email}</TableCell>
              <TableCell>{agencyName(p.agencyId)}</TableCell>
              <TableCell>{p.roles.map((r) => ROLE_NAMES[r]).join(', ')}</TableCell>
              <TableCell>{p.active ? 'Active' : <Badge appearance="outline">Inactive</Badge>}</TableCell>
              <TableCell>{p.seenInTeams ? 'Seen in Teams' : 'Not yet seen in Teams'}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => setEditing(p.id)} aria-label={`Change: ${p.displayName}`}>
                  Change
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && data && (
        <EditPerson
          key={editing}
          person={data.find((p) => p.id === editing)!}
          onDone={async () => {
            setEditing(undefined);
            await refresh();
          }}
        />
      )}
      <AddPerson areaId={area?.id} onAdded={refresh} />
      {isAdmin && area && <PeopleImport areaId={area.id} areaName={area.name} onImported={refresh} />}
    </>
  );
}

/** Role checkboxes as a fieldset (a Fluent Field would give every box the same id). */
function RoleBoxes({ roles, set, error }: { roles: Role[]; set: (r: Role[]) => void; error?: string }) {
  const s = useStyles();
  return (
    <fieldset className={s.roles} aria-invalid={!!error} aria-describedby={error ? 'roles-error' : undefined}>
      <legend>Roles</legend>
      {ROLES.map((r) => (
        <Checkbox
          key={r}
          label={ROLE_NAMES[r]}
          checked={roles.includes(r)}
          onChange={(_, d) => set(d.checked ? [...roles, r] : roles.filter((x) => x !== r))}
        />
      ))}
      {error && (
        <Text
          id="roles-error"
          role="alert"
          style={{ color: tokens.colorPaletteRedForeground1, width: '100%' }}
        >
          {error}
        </Text>
      )}
    </fieldset>
  );
}

function AgencySelect({ value, set, areaId }: { value: string; set: (v: string) => void; areaId?: string }) {
  const { areas } = useMe();
  const agencies = areas
    .filter((a) => !areaId || a.id === areaId)
    .flatMap((a) => a.agencies.filter((g) => !g.retiredAt));
  return (
    <Select name="agencyId" value={value} onChange={(_, d) => set(d.value)}>
      <option value="">No agency</option>
      {agencies.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </Select>
  );
}

function EditPerson({ person, onDone }: { person: PersonAdminView; onDone: () => Promise<void> }) {
  const s = useStyles();
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const [agencyId, setAgencyId] = useState(person.agencyId ?? '');
  const [active, setActive] = useState(person.active);
  const { areas } = useMe();
  // Areas this page cannot show (outside the signed-in person's) are kept as they are.
  const [areaIds, setAreaIds] = useState<string[]>(person.areaIds ?? areas.map((a) => a.id));
  const errs = useFormErrors();
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const shown = new Set(areas.map((a) => a.id));
    const changedAreas = areas.some(
      (a) => areaIds.includes(a.id) !== (person.areaIds ?? [...shown]).includes(a.id),
    );
    try {
      await api.patch(`/api/admin/people/${person.id}`, {
        roles,
        agencyId,
        active,
        ...(changedAreas && {
          areaIds: [...(person.areaIds ?? []).filter((id) => !shown.has(id)), ...areaIds],
        }),
      });
      await onDone();
    } catch (err) {
      errs.fromError(err);
    }
  };
  return (
    <form className={s.form} onSubmit={save} aria-label={`Change ${person.displayName}`} noValidate>
      <h2>{`Change ${person.displayName}`}</h2>
      <RoleBoxes roles={roles} set={setRoles} error={errs.errors.roles} />
      <Field label="Agency" {...errs.field('agencyId')}>
        <AgencySelect value={agencyId} set={setAgencyId} />
      </Field>
      {areas.length > 1 && (
        <fieldset
          className={s.roles}
          aria-invalid={!!errs.errors.areaIds}
          aria-describedby={errs.errors.areaIds ? 'areas-error' : undefined}
        >
          <legend>MARAC areas they work in</legend>
          {areas.map((a) => (
            <Checkbox
              key={a.id}
              label={a.name}
              checked={areaIds.includes(a.id)}
              onChange={(_, d) =>
                setAreaIds((cur) => (d.checked ? [...cur, a.id] : cur.filter((x) => x !== a.id)))
              }
            />
          ))}
          {errs.errors.areaIds && (
            <Text
              id="areas-error"
              role="alert"
              style={{ color: tokens.colorPaletteRedForeground1, width: '100%' }}
            >
              {errs.errors.areaIds}
            </Text>
          )}
        </fieldset>
      )}
      <Checkbox label="Active (can sign in)" checked={active} onChange={(_, d) => setActive(!!d.checked)} />
      {errs.errors.active && <Text role="alert">{errs.errors.active}</Text>}
      {errs.general && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      <Button type="submit" appearance="primary">
        Save person
      </Button>
    </form>
  );
}

const EMPTY = { displayName: '', email: '', aadObjectId: '', agencyId: '' };

/** Add someone by name, email and Entra object id (from the Entra admin centre or the directory). */
function AddPerson({ areaId, onAdded }: { areaId?: string; onAdded: () => Promise<void> }) {
  const s = useStyles();
  const [v, setV] = useState(EMPTY);
  const [roles, setRoles] = useState<Role[]>(['agency-rep']);
  const [added, setAdded] = useState<string>();
  const errs = useFormErrors();
  const set = (k: keyof typeof EMPTY) => (_: unknown, d: { value: string }) =>
    setV((c) => ({ ...c, [k]: d.value }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api.post('/api/admin/people', {
        ...v,
        agencyId: v.agencyId || undefined,
        roles,
        areaIds: areaId ? [areaId] : undefined,
      });
      setAdded(`${v.displayName} added.`);
      setV(EMPTY);
      errs.show([]);
      await onAdded();
    } catch (err) {
      setAdded(undefined);
      errs.fromError(err);
    }
  };
  return (
    <form className={s.form} onSubmit={submit} aria-label="Add a person" noValidate>
      <h2>Add a person</h2>
      <DirectorySearch
        onPick={(c) =>
          setV((cur) => ({ ...cur, displayName: c.displayName, email: c.email, aadObjectId: c.aadObjectId }))
        }
      />
      <Field label="Name" {...errs.field('displayName')}>
        <Input name="displayName" value={v.displayName} onChange={set('displayName')} />
      </Field>
      <Field label="Email" {...errs.field('email')}>
        <Input name="email" value={v.email} onChange={set('email')} />
      </Field>
      <Field
        label="Entra object id"
        hint="What Teams and the bot recognise them by."
        {...errs.field('aadObjectId')}
      >
        <Input name="aadObjectId" value={v.aadObjectId} onChange={set('aadObjectId')} />
      </Field>
      <Field label="Agency" {...errs.field('agencyId')}>
        <AgencySelect value={v.agencyId} set={(x) => setV((c) => ({ ...c, agencyId: x }))} areaId={areaId} />
      </Field>
      <RoleBoxes roles={roles} set={setRoles} error={errs.errors.roles} />
      {errs.general && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      {added && <Text role="status">{added}</Text>}
      <Button type="submit" appearance="primary">
        Add person
      </Button>
    </form>
  );
}

/** Find someone in the organisation's directory (Graph) and fill the form with their details. */
function DirectorySearch({ onPick }: { onPick: (c: DirectoryCandidate) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<DirectoryCandidate[]>();
  const errs = useFormErrors();
  const search = async () => {
    try {
      setFound(await api.get<DirectoryCandidate[]>(`/api/admin/directory?q=${encodeURIComponent(q)}`));
      errs.show([]);
    } catch (e) {
      setFound(undefined);
      errs.fromError(e);
    }
  };
  return (
    <div>
      <Field
        label="Find in the directory (name or email)"
        {...errs.field('query')}
        validationMessage={errs.errors.query ?? errs.general}
      >
        <Input
          name="directoryQuery"
          value={q}
          onChange={(_, d) => setQ(d.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
      </Field>
      <Button onClick={() => void search()} style={{ marginTop: 8 }}>
        Search directory
      </Button>
      {found && (
        <ul aria-label="Directory results">
          {found.length === 0 && <li>No one found.</li>}
          {found.map((c) => (
            <li key={c.aadObjectId}>
              {`${c.displayName} (${c.email}${c.department ? `, ${c.department}` : ''}) `}
              {c.registeredAs ? (
                <Text>{`already registered as ${c.registeredAs}`}</Text>
              ) : (
                <Button size="small" onClick={() => onPick(c)} aria-label={`Use ${c.displayName}`}>
                  Use
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
