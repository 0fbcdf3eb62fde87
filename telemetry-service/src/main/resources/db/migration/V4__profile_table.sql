-- Trade-off tables posted by the profiler (issue 3, POST /api/v1/profile-tables), kept whole. The
-- content hash makes a repeated post of the same table find the stored row instead of adding one.
CREATE TABLE profile_table (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the table's own "name", "formatVersion" and "host", copied out of the body for listing
    name           text        NOT NULL,
    format_version integer     NOT NULL CHECK (format_version >= 1),
    host           text        NOT NULL,
    -- how many configurations the table has (the models' "configurations" together)
    configurations integer     NOT NULL CHECK (configurations >= 0),
    -- hex SHA-256 of the body's jsonb text: key order, repeated whitespace and the like do not count
    content_hash   text        NOT NULL UNIQUE,
    body           jsonb       NOT NULL CHECK (jsonb_typeof(body) = 'object'),
    created_at     timestamptz NOT NULL
);
-- Listing and "latest" go newest first, over all tables or one name's.
CREATE INDEX profile_table_created_idx ON profile_table (created_at DESC, id DESC);
CREATE INDEX profile_table_name_created_idx ON profile_table (name, created_at DESC, id DESC);
