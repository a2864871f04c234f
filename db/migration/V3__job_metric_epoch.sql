-- Training curves: a job that trains (DISTILL, later PRUNE's recovery) reports one row per epoch and number, e.g.
-- select epoch, value from job_metric where job_id = ? and name = 'technique.curve.validationLoss' order by epoch.
-- A job's overall numbers keep epoch null.
alter table job_metric add column epoch integer;
alter table job_metric drop constraint job_metric_pkey;
create unique index job_metric_job_name_epoch_idx on job_metric (job_id, name, coalesce(epoch, 0));
