'use client';

import { useId, useState } from 'react';
import {
  API_RESOURCES,
  DEFAULT_ACCESS,
  EVERY_RESOURCE_WARNING,
  grantFields,
  RESOURCE_INFO,
  type ApiResource,
  type ResourceAccess,
} from '@/lib/keys/permissions';
import { KEY_PERMISSIONS } from '@/lib/types';

const LEVELS: { value: ResourceAccess; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'read', label: 'Read' },
  { value: 'read-write', label: 'Read and write' },
];

const ACCESS: readonly string[] = ['none', ...KEY_PERMISSIONS];

/**
 * The rows a failed submission sent (its radios, `access-<resource>`, come back in the echoed values), so the table
 * shows what was chosen; the default otherwise.
 */
function initialRows(values?: Record<string, string>): Record<ApiResource, ResourceAccess> {
  return Object.fromEntries(
    API_RESOURCES.map((r) => {
      const sent = values?.[`access-${r}`];
      return [r, sent !== undefined && ACCESS.includes(sent) ? sent : DEFAULT_ACCESS[r]];
    }),
  ) as Record<ApiResource, ResourceAccess>;
}

/**
 * Resources as a table of None / Read / Read and write, as Stripe's restricted keys are chosen. A key has one access
 * level, so choosing a level on one row moves every other chosen row to it: the table always shows exactly what the
 * key will get. The fields it sends (permission, resources) are what the server validates; it decides.
 */
export function PermissionTable({ values, error }: { values?: Record<string, string>; error?: string }) {
  const id = useId();
  const [rows, setRows] = useState(() => initialRows(values));
  const choose = (resource: ApiResource, access: ResourceAccess) =>
    setRows(
      (current) =>
        Object.fromEntries(
          API_RESOURCES.map((r) => [
            r,
            r === resource ? access : access !== 'none' && current[r] !== 'none' ? access : current[r],
          ]),
        ) as Record<ApiResource, ResourceAccess>,
    );
  const fields = grantFields(rows);
  const every = API_RESOURCES.every((r) => rows[r] !== 'none');
  const nothing = fields.resources[0] === 'none';
  return (
    <fieldset className="space-y-2 sm:col-span-2" aria-describedby={`${id}-note`}>
      <legend className="text-sm font-medium text-slate-800">Permissions</legend>
      <input type="hidden" name="permission" value={fields.permission} />
      {fields.resources.map((resource) => (
        <input key={resource} type="hidden" name="resources" value={resource} />
      ))}
      <div className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="permission-table">
        {API_RESOURCES.map((resource) => (
          <div
            key={resource}
            role="radiogroup"
            aria-labelledby={`${id}-${resource}-label`}
            data-resource={resource}
            className="flex flex-col gap-2 px-3 py-2 sm:flex-row sm:items-center sm:justify-between"
          >
            <div className="min-w-0">
              <span id={`${id}-${resource}-label`} className="block text-sm font-medium">
                {RESOURCE_INFO[resource].label} <code className="text-xs text-slate-500">{resource}</code>
              </span>
              <span className="block text-xs text-slate-600">{RESOURCE_INFO[resource].description}</span>
            </div>
            <div className="flex shrink-0 flex-wrap gap-x-3 gap-y-1">
              {LEVELS.map((level) => (
                <label key={level.value} className="inline-flex items-center gap-1.5 text-sm whitespace-nowrap">
                  <input
                    type="radio"
                    name={`access-${resource}`}
                    value={level.value}
                    checked={rows[resource] === level.value}
                    onChange={() => choose(resource, level.value)}
                    className="size-4"
                  />
                  {level.label}
                </label>
              ))}
            </div>
          </div>
        ))}
      </div>
      <p id={`${id}-note`} className="text-xs text-slate-500">
        A key has one access level: every resource it reaches is read only, or read and write.
      </p>
      {(error || nothing) && (
        <p className="text-xs text-red-700" data-testid="permission-error">
          {error ?? 'Choose at least one resource.'}
        </p>
      )}
      {every && (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="every-resource-warning"
        >
          {EVERY_RESOURCE_WARNING}
        </p>
      )}
    </fieldset>
  );
}
