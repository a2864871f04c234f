-- A job may name a separate dataset that its result is evaluated on (metrics measured there rather than on
-- the held-out part of its calibration dataset). Deleting that dataset is refused while the job is active.
alter table job add column evaluation_dataset_id uuid references dataset (id) on delete set null;
create index job_evaluation_dataset_idx on job (evaluation_dataset_id);
