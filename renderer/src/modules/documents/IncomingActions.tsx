import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../../shared/api/documents';
import type { UserView } from '../../../../shared/api/schemas';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { SelectField, TextField } from '../../ui/Field';
import { ActionDialog, PeoplePicker, TextArea } from './ActionDialog';
import { ActionBar, peopleOf, useDocActor, useOpenStep, useStepErrors, userOptions } from './actionKit';
import { EditIncomingDialog } from './EditIncomingDialog';

type Kind = 'submit' | 'direct' | 'assign' | 'note' | 'forward' | 'complete' | 'return' | 'file' | 'cancel' | 'recall' | 'reassign' | 'edit';

/** Statuses in which the clerk may still correct what was registered (not once filed or cancelled). */
const EDITABLE = ['registered', 'submitted', 'in_progress', 'completed', 'returned'];

/**
 * The steps the current user may take on an incoming document, worked out from its status, their
 * permissions and their assignments (the core checks all of it again).
 */
export function IncomingActions({ doc, users, onChanged, onReload }: { doc: DocumentView; users: UserView[]; onChanged: (d: DocumentView) => void; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const { me, can } = useDocActor();
  const [open, setOpen] = useOpenStep<Kind>();
  const mine = doc.assignments.find((a) => a.userId === me && a.status === 'active' && (a.role === 'main' || a.role === 'co'));
  const leads = doc.leaderId === me && can('documents.direct');

  const available: Kind[] = [];
  if (['registered', 'returned'].includes(doc.status) && can('documents.register')) available.push('submit');
  // Back with the leader (the main handler returned it), co-handlers may still hold their part.
  if (leads && ['in_progress', 'submitted'].includes(doc.status) && doc.assignments.some((a) => a.status === 'active')) available.push('reassign', 'recall');
  if (doc.status === 'submitted' && leads) available.push('direct', 'return');
  if (doc.status === 'in_progress' && leads) available.push('assign');
  if (doc.status === 'in_progress' && mine) {
    available.push('complete', 'forward');
    if (mine.role === 'main') available.push('return');
  }
  if (doc.status === 'completed' && (doc.handlerId === me || can('documents.register'))) available.push('file');
  if (!['cancelled'].includes(doc.status)) available.push('note');
  if (EDITABLE.includes(doc.status) && can('documents.register')) available.push('edit');
  if (['registered', 'returned'].includes(doc.status) && can('documents.register')) available.push('cancel');

  return (
    <ActionBar available={available} primary={['submit', 'direct', 'complete', 'file']} label={(k) => t(`docs.actions.${k}`)} onOpen={setOpen}>
      {doc.status === 'in_progress' && mine && can('documents.draft') && (
        <button type="button" className="btn" onClick={() => navigate(`/outgoing/new?replyTo=${doc.id}`)}>
          {t('docs.actions.draftReply')}
        </button>
      )}
      {open === 'edit' && <EditIncomingDialog doc={doc} onClose={() => setOpen(null)} onChanged={onChanged} />}
      {open && open !== 'edit' && <StepDialog kind={open} doc={doc} users={users} onClose={() => setOpen(null)} onChanged={onChanged} onReload={onReload} call={call} assignmentId={mine?.id ?? null} />}
    </ActionBar>
  );
}

function StepDialog({ kind, doc, users, onClose, onChanged, onReload, call, assignmentId }: { kind: Exclude<Kind, 'edit'>; doc: DocumentView; users: UserView[]; onClose: () => void; onChanged: (d: DocumentView) => void; onReload: () => Promise<void>; call: ReturnType<typeof useApp>['call']; assignmentId: number | null }) {
  const { t } = useTranslation();
  const assignments = doc.assignments.filter((a) => a.status === 'active');
  const [text, setText] = useState('');
  const [userId, setUserId] = useState('');
  const [co, setCo] = useState<number[]>([]);
  const [info, setInfo] = useState<number[]>([]);
  const [deadline, setDeadline] = useState((kind === 'reassign' ? assignments[0]?.deadline : doc.deadline) ?? '');
  const [role, setRole] = useState<'co' | 'info'>('co');
  const [assignment, setAssignment] = useState(assignments[0] ? String(assignments[0].id) : '');
  const chosen = assignments.find((a) => String(a.id) === assignment);
  const { errors, setErrors, err, need } = useStepErrors();
  const ref = { id: doc.id, version: doc.version };
  const { active, leaders, handlers } = peopleOf(users);
  const pick = (list: UserView[]) => userOptions(t, list);
  // A reassignment goes to someone who can do that kind of work, other than who holds it now.
  const successors = (chosen?.role === 'info' ? active : handlers).filter((u) => u.id !== chosen?.userId);
  const pickAssignment = (v: string) => {
    setAssignment(v);
    setUserId('');
    const a = assignments.find((x) => String(x.id) === v);
    if (kind === 'reassign') setDeadline(a?.deadline ?? '');
  };

  async function submit(): Promise<void> {
    setErrors({});
    let r: { document: DocumentView };
    switch (kind) {
      case 'submit':
        need(userId !== '', 'leaderId');
        r = await call('documents.submit', { ...ref, leaderId: Number(userId), note: text });
        break;
      case 'direct':
        need(text.trim() !== '', 'direction');
        need(userId !== '', 'mainHandlerId');
        r = await call('documents.direct', { ...ref, direction: text, mainHandlerId: Number(userId), coHandlerIds: co, infoIds: info, deadline: deadline || null });
        break;
      case 'assign':
        need(co.length > 0, 'userIds');
        r = await call('documents.assign', { ...ref, userIds: co, role, deadline: deadline || null, note: text });
        break;
      case 'forward':
        need(userId !== '', 'userId');
        r = await call('documents.forward', { assignmentId: assignmentId!, userId: Number(userId), note: text });
        break;
      case 'complete':
        need(text.trim() !== '', 'result');
        r = await call('documents.complete', { ...ref, result: text });
        break;
      case 'return':
        need(text.trim() !== '', 'reason');
        r = await call('documents.return', { ...ref, reason: text });
        break;
      case 'file':
        need(text.trim() !== '', 'dossierRef');
        r = await call('documents.file', { ...ref, dossierRef: text });
        break;
      case 'cancel':
        need(text.trim() !== '', 'reason');
        r = await call('documents.cancel', { ...ref, reason: text });
        break;
      case 'recall':
        need(assignment !== '', 'assignmentId');
        need(text.trim() !== '', 'reason');
        r = await call('documents.recallAssignment', { assignmentId: Number(assignment), reason: text });
        break;
      case 'reassign': {
        need(assignment !== '', 'assignmentId');
        need(userId !== '', 'userId');
        need(text.trim() !== '', 'reason');
        // The deadline is sent only when changed, so an overdue one can be kept as it was.
        const keep = deadline === (chosen?.deadline ?? '');
        r = await call('documents.reassign', { assignmentId: Number(assignment), userId: Number(userId), reason: text, ...(!keep && { deadline: deadline || null }) });
        break;
      }
      case 'note':
        need(text.trim() !== '', 'body');
        r = await call('documents.note', { id: doc.id, body: text });
        break;
    }
    onChanged(r.document);
  }

  const title = t(`docs.actions.${kind}`);
  return (
    <ActionDialog title={title} submitLabel={title} onClose={onClose} onSubmit={submit} onFieldErrors={setErrors} onConflict={onReload} wide={kind === 'direct'} danger={kind === 'cancel'}>
      {kind === 'submit' && (
        <>
          <SelectField id="act-leader" label={t('docs.actions.leader')} value={userId} onChange={setUserId} options={pick(leaders)} error={err('leaderId')} />
          <TextArea id="act-note" label={t('docs.actions.note_')} value={text} onChange={setText} />
        </>
      )}
      {kind === 'direct' && (
        <>
          <TextArea id="act-direction" label={t('docs.actions.direction')} value={text} onChange={setText} required error={err('direction')} />
          <div className="form-grid">
            <SelectField id="act-main" label={t('docs.actions.mainHandler')} value={userId} onChange={setUserId} options={pick(handlers)} error={err('mainHandlerId')} />
            <TextField id="act-deadline" type="date" label={t('docs.actions.deadline')} value={deadline} onChange={setDeadline} error={err('deadline')} />
          </div>
          <PeoplePicker id="act-co" label={t('docs.actions.coHandlers')} people={handlers.filter((u) => String(u.id) !== userId)} selected={co} onChange={setCo} />
          <PeoplePicker id="act-info" label={t('docs.actions.readers')} people={active.filter((u) => String(u.id) !== userId)} selected={info} onChange={setInfo} />
        </>
      )}
      {kind === 'assign' && (
        <>
          <SelectField id="act-role" label={t('docs.actions.role')} value={role} onChange={(v) => setRole(v as 'co' | 'info')} options={[{ value: 'co', label: t('docs.detail.role.co') }, { value: 'info', label: t('docs.detail.role.info') }]} />
          <PeoplePicker id="act-users" label={t('docs.actions.coHandlers')} people={role === 'co' ? handlers : active} selected={co} onChange={setCo} />
          {errors.userIds && <p className="field__error">{err('userIds')}</p>}
          <TextField id="act-deadline" type="date" label={t('docs.actions.deadline')} value={deadline} onChange={setDeadline} error={err('deadline')} />
          <TextArea id="act-note" label={t('docs.actions.note_')} value={text} onChange={setText} />
        </>
      )}
      {kind === 'forward' && (
        <>
          <SelectField id="act-to" label={t('docs.actions.forwardTo')} value={userId} onChange={setUserId} options={pick(handlers)} error={err('userId')} />
          <TextArea id="act-note" label={t('docs.actions.note_')} value={text} onChange={setText} />
        </>
      )}
      {kind === 'complete' && <TextArea id="act-result" label={t('docs.actions.result')} value={text} onChange={setText} required error={err('result')} rows={4} />}
      {kind === 'return' && <TextArea id="act-reason" label={t('docs.actions.reason')} value={text} onChange={setText} required error={err('reason')} />}
      {kind === 'cancel' && <TextArea id="act-reason" label={t('docs.actions.reason')} value={text} onChange={setText} required error={err('reason')} />}
      {(kind === 'recall' || kind === 'reassign') && (
        <>
          <SelectField
            id="act-assignment"
            label={t('docs.detail.assignments')}
            value={assignment}
            onChange={pickAssignment}
            options={assignments.map((a) => ({ value: String(a.id), label: `${a.userName} — ${t(`docs.detail.role.${a.role}`)}` }))}
            error={err('assignmentId')}
          />
          {kind === 'reassign' && (
            <div className="form-grid">
              <SelectField id="act-to" label={t('docs.actions.reassignTo')} value={userId} onChange={setUserId} options={pick(successors)} error={err('userId')} />
              <TextField id="act-deadline" type="date" label={t('docs.actions.deadline')} value={deadline} onChange={setDeadline} error={err('deadline')} />
            </div>
          )}
          <TextArea id="act-reason" label={t('docs.actions.reason')} value={text} onChange={setText} required error={err('reason')} />
        </>
      )}
      {kind === 'note' && <TextArea id="act-body" label={t('docs.actions.body')} value={text} onChange={setText} required error={err('body')} rows={4} />}
      {kind === 'file' && <TextField id="act-dossier" label={t('docs.actions.dossierRef')} value={text} onChange={setText} required hint={t('docs.actions.dossierHint')} error={err('dossierRef')} />}
    </ActionDialog>
  );
}
