import * as ACData from 'adaptivecards-templating';
import declaration from './templates/declaration.json' with { type: 'json' };
import declarationMine from './templates/declaration-mine.json' with { type: 'json' };
import rollCall from './templates/roll-call.json' with { type: 'json' };
import caseCard from './templates/case.json' with { type: 'json' };
import chairControls from './templates/chair-controls.json' with { type: 'json' };
import chairControlsViewer from './templates/chair-controls-viewer.json' with { type: 'json' };
import actionForm from './templates/action-form.json' with { type: 'json' };
import actionCard from './templates/action.json' with { type: 'json' };
import actionList from './templates/action-list.json' with { type: 'json' };
import summary from './templates/summary.json' with { type: 'json' };
import opening from './templates/opening.json' with { type: 'json' };
import researchAgenda from './templates/research-agenda.json' with { type: 'json' };
import minutesReady from './templates/minutes-ready.json' with { type: 'json' };
import type * as D from './card-data.js';
import { withTypedText } from './card-text.js';

/**
 * Cards are JSON templates (designers edit them in the Adaptive Cards designer) expanded with
 * typed data. Each render function names the data model the compiler checks.
 */
const templates = {
  declaration,
  declarationMine,
  rollCall,
  caseCard,
  chairControls,
  chairControlsViewer,
  actionForm,
  actionCard,
  actionList,
  summary,
  opening,
  researchAgenda,
  minutesReady,
};
type Name = keyof typeof templates;
const compiled = new Map<Name, ACData.Template>();

/**
 * The fields that carry what people typed (action wording, update notes), shown as plain text. Not
 * the action form: its inputs hold the wording to edit, which must come back unchanged.
 */
const typed: Partial<Record<Name, readonly string[]>> = {
  caseCard: ['description'],
  actionCard: ['description', 'text'],
  actionList: ['description', 'notice'],
  opening: ['description'],
};

function expand(name: Name, data: object): Record<string, unknown> {
  let t = compiled.get(name);
  if (!t) compiled.set(name, (t = new ACData.Template(templates[name])));
  const fields = typed[name];
  return t.expand({ $root: fields ? withTypedText(data, fields) : data }) as Record<string, unknown>;
}

export const renderDeclaration = (d: D.DeclarationData) => expand('declaration', d);
export const renderDeclarationMine = (d: D.DeclarationMineData) => expand('declarationMine', d);
export const renderRollCall = (d: D.RollCallData) => expand('rollCall', d);
export const renderCase = (d: D.CaseData) => expand('caseCard', d);
export const renderChairControls = (d: D.ChairControlsData) => expand('chairControls', d);
export const renderChairControlsViewer = (d: Pick<D.ChairControlsData, 'meetingId' | 'userIds'>) =>
  expand('chairControlsViewer', d);
export const renderActionForm = (d: D.ActionFormData) => expand('actionForm', d);
export const renderAction = (d: D.ActionCardData) => expand('actionCard', d);
export const renderActionList = (d: D.ActionListData) => expand('actionList', d);
export const renderSummary = (d: D.SummaryData) => expand('summary', d);
export const renderOpening = (d: D.OpeningData) => expand('opening', d);
export const renderResearchAgenda = (d: D.ResearchAgendaData) => expand('researchAgenda', d);
export const renderMinutesReady = (d: D.MinutesReadyData) => expand('minutesReady', d);

export const asAttachment = (card: Record<string, unknown>) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: card,
});
export const cardMessage = (card: Record<string, unknown>, summaryText?: string) => ({
  type: 'message',
  summary: summaryText,
  attachments: [asAttachment(card)],
});
