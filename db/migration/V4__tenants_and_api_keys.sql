-- Tenants and their API keys. Every model, dataset and job belongs to a tenant; rows that existed before
-- tenancy go to the default tenant. A null limit column means "the configured default" (mcs.quota.*).
create table tenant (
    id                   uuid primary key,
    name                 text        not null unique,
    max_storage_bytes    bigint,
    max_concurrent_jobs  int,
    max_queued_jobs      int,
    requests_per_second  int,
    created_at           timestamptz not null,
    constraint tenant_limits_check check (coalesce(max_storage_bytes, 0) >= 0 and coalesce(max_concurrent_jobs, 1) >= 1
        and coalesce(max_queued_jobs, 0) >= 0 and coalesce(requests_per_second, 1) >= 1)
);
insert into tenant (id, name, created_at) values ('00000000-0000-0000-0000-000000000001', 'default', now());

-- Only a SHA-256 of each key is stored; the key itself is shown once, when it is created.
create table api_key (
    id            uuid primary key,
    tenant_id     uuid        not null references tenant (id),
    name          text        not null,
    role          text        not null,
    key_hash      text        not null unique,
    created_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    constraint api_key_role_check check (role in ('ADMIN', 'MEMBER'))
);
create index api_key_tenant_idx on api_key (tenant_id);

alter table model add column tenant_id uuid references tenant (id);
update model set tenant_id = '00000000-0000-0000-0000-000000000001';
alter table model alter column tenant_id set not null;
create index model_tenant_created_at_idx on model (tenant_id, created_at desc);

alter table dataset add column tenant_id uuid references tenant (id);
update dataset set tenant_id = '00000000-0000-0000-0000-000000000001';
alter table dataset alter column tenant_id set not null;
create index dataset_tenant_created_at_idx on dataset (tenant_id, created_at desc);

alter table job add column tenant_id uuid references tenant (id);
update job set tenant_id = '00000000-0000-0000-0000-000000000001';
alter table job alter column tenant_id set not null;
create index job_tenant_status_idx on job (tenant_id, status);
create index job_tenant_created_at_idx on job (tenant_id, created_at desc);
-- An Idempotency-Key is the client's own name for a request: two tenants may pick the same one.
alter table job drop constraint job_idempotency_key_key;
create unique index job_tenant_idempotency_key_idx on job (tenant_id, idempotency_key);
