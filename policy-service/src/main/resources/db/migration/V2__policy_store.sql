-- Every trained policy version, as imported from its artefact (docs/policy.md).
CREATE TABLE policy_version (
    version            bigserial        PRIMARY KEY,
    algorithm          text             NOT NULL,
    -- The profile the policy was trained on (e.g. fixture).
    profile            text             NOT NULL,
    -- The version it was fine-tuned from; null for a policy trained from scratch.
    parent_version     bigint           NULL REFERENCES policy_version (version),
    -- The whole artefact as uploaded (state features, action heads, actor weights, ...),
    -- kept as text so that its checksum stays verifiable byte for byte.
    artifact           text             NOT NULL,
    -- SHA-256 (hex) of artifact, checked before every activation.
    checksum           text             NOT NULL CHECK (length(checksum) = 64),
    hyper_parameters   jsonb            NOT NULL,
    evaluation         jsonb            NOT NULL,
    -- Whether the evaluation passed the activation gate; a failed version is never activated.
    evaluation_passed  boolean          NOT NULL,
    created_at         timestamptz      NOT NULL,
    active             boolean          NOT NULL DEFAULT false,
    activated_at       timestamptz      NULL
);

-- At most one active version.
CREATE UNIQUE INDEX policy_version_single_active ON policy_version (active) WHERE active;

-- Every activation, newest last: what a rollback goes back along.
CREATE TABLE policy_activation (
    activation_id      bigserial        PRIMARY KEY,
    version            bigint           NOT NULL REFERENCES policy_version (version),
    previous_version   bigint           NULL REFERENCES policy_version (version),
    -- activate or rollback
    reason             text             NOT NULL CHECK (reason IN ('activate', 'rollback', 'bootstrap')),
    activated_at       timestamptz      NOT NULL
);
