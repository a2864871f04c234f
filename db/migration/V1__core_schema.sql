-- Core schema: models, datasets, jobs, their metrics, and db-scheduler's task table.

create table model (
    id                  uuid primary key,
    name                text        not null,
    format              text        not null,
    size_bytes          bigint      not null,
    sha256              text           not null,
    blob_key            text        not null unique,
    status              text        not null,
    status_reason       text,
    inspection          jsonb,
    parent_model_id     uuid        references model (id) on delete set null,
    produced_by_job_id  uuid,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    constraint model_format_check check (format in ('ONNX', 'TORCHSCRIPT')),
    constraint model_status_check check (status in ('INSPECTING', 'READY', 'INVALID'))
);
create index model_created_at_idx on model (created_at desc);

create table dataset (
    id          uuid primary key,
    name        text        not null,
    size_bytes  bigint      not null,
    sha256      text           not null,
    blob_key    text        not null unique,
    sample_count bigint     not null,
    arrays      jsonb       not null,
    has_labels  boolean     not null,
    created_at  timestamptz not null
);
create index dataset_created_at_idx on dataset (created_at desc);

create table job (
    id                uuid primary key,
    model_id          uuid        references model (id) on delete set null,
    dataset_id        uuid        references dataset (id) on delete set null,
    type              text        not null,
    params            jsonb       not null,
    status            text        not null,
    attempt           int         not null default 0,
    max_attempts      int         not null,
    progress          double precision not null default 0,
    stage             text,
    error             jsonb,
    output_model_id   uuid        references model (id) on delete set null,
    metrics           jsonb,
    idempotency_key   text unique,
    request_hash      text       ,
    cancel_requested  boolean     not null default false,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    updated_at        timestamptz not null,
    constraint job_type_check check (type in ('QUANTIZE', 'PRUNE', 'DISTILL')),
    constraint job_status_check check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    constraint job_progress_check check (progress between 0 and 1)
);
create index job_model_idx on job (model_id);
create index job_status_idx on job (status);
create index job_created_at_idx on job (created_at desc);

alter table model add constraint model_produced_by_job_fk foreign key (produced_by_job_id) references job (id) on delete set null;

-- One row per measured number, so that metrics can be filtered and aggregated in SQL, e.g.
-- select avg(value) from job_metric where name = 'fidelity.cosineMean'.
create table job_metric (
    job_id  uuid             not null references job (id) on delete cascade,
    name    text             not null,
    value   double precision not null,
    primary key (job_id, name)
);
create index job_metric_name_idx on job_metric (name);

-- db-scheduler's table (the library ships no DDL).
create table scheduled_tasks (
    task_name            text        not null,
    task_instance        text        not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean     not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint      not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time);
