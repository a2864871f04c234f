-- A key may carry an expiry; null keeps the old meaning (valid until revoked).
alter table api_key add column expires_at timestamptz;
