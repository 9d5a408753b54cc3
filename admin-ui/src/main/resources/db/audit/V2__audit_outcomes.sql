-- The audit is append-only: the console's runtime role may only SELECT and INSERT. A change is two rows: one with
-- outcome 'pending', written before the change is applied, and one written after it, referring to the first, with
-- outcome 'applied', 'failed' or 'unknown'. A pending row without an outcome row is a change whose outcome is not
-- known. Sign-ins, failed sign-ins and sign-outs are single rows with outcome 'event'.
-- Rows from before this migration were written only once Redis had taken the change: they were applied.
ALTER TABLE audit_entry ADD COLUMN source_address TEXT   NOT NULL DEFAULT '';
ALTER TABLE audit_entry ADD COLUMN session_ref    TEXT   NOT NULL DEFAULT '';
ALTER TABLE audit_entry ADD COLUMN outcome        TEXT   NOT NULL DEFAULT 'applied';
ALTER TABLE audit_entry ADD COLUMN detail         TEXT   NOT NULL DEFAULT '';
ALTER TABLE audit_entry ADD COLUMN refers_to      BIGINT REFERENCES audit_entry (id);
ALTER TABLE audit_entry ALTER COLUMN outcome DROP DEFAULT;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_outcome_known
    CHECK (outcome IN ('pending', 'applied', 'failed', 'unknown', 'event'));
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_outcome_refers
    CHECK (refers_to IS NULL OR outcome IN ('applied', 'failed', 'unknown'));
-- One outcome per change; also the index the audit page joins on.
CREATE UNIQUE INDEX audit_entry_one_outcome ON audit_entry (refers_to);
