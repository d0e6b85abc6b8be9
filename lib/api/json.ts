import type { ProjectJson } from './schemas';

// The JSON shapes /api/v1 answers with, in one place: times as ISO 8601 strings (null stays null).

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function projectJson(project: { id: string; name: string; createdAt: number }): ProjectJson {
  return { id: project.id, name: project.name, createdAt: iso(project.createdAt) };
}
