-- The state phaseshift 0.1.0 (commit c5c5fa3) left: posts_normalization (first 120 posts)
-- applied to phase 5 (switch), then a row inserted and one updated through the old shape.
-- Written by pg_dump --no-owner --no-privileges --inserts, psql meta-commands removed;
-- the state-upgrade tests load it.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: phaseshift; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA phaseshift;


--
-- Name: phaseshift_archive; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA phaseshift_archive;


--
-- Name: compat_fa21ec3d(); Type: FUNCTION; Schema: phaseshift; Owner: -
--

CREATE FUNCTION phaseshift.compat_fa21ec3d() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO phaseshift_archive.posts (id, user_id, title, body, status, likes, views, created_at) OVERRIDING SYSTEM VALUE VALUES (NEW.id, NEW.user_id, NEW.title, NEW.body, NEW.status, NEW.likes, NEW.views, NEW.created_at);
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE phaseshift_archive.posts SET (id, user_id, title, body, status, likes, views, created_at) = ROW(NEW.id, NEW.user_id, NEW.title, NEW.body, NEW.status, NEW.likes, NEW.views, NEW.created_at) WHERE id = OLD.id;
    RETURN NEW;
  ELSE
    DELETE FROM phaseshift_archive.posts WHERE id = OLD.id;
    RETURN OLD;
  END IF;
END
$$;


--
-- Name: reverse_b2490149(); Type: FUNCTION; Schema: phaseshift; Owner: -
--

CREATE FUNCTION phaseshift.reverse_b2490149() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE k record;
BEGIN
  IF current_setting('phaseshift.syncing', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('phaseshift.syncing', 'on', true);
  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> 'INSERT' UNION SELECT NEW.post_id WHERE TG_OP <> 'DELETE') AS keys(id) LOOP
    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN
      INSERT INTO phaseshift_archive.posts (id, user_id, title, body, status, likes, views, created_at) OVERRIDING SYSTEM VALUE SELECT id, user_id, title, body, status, likes, views, created_at FROM public.posts v WHERE (v.id) = (k.id)
      ON CONFLICT (id) DO UPDATE SET (id, user_id, title, body, status, likes, views, created_at) = ROW(EXCLUDED.id, EXCLUDED.user_id, EXCLUDED.title, EXCLUDED.body, EXCLUDED.status, EXCLUDED.likes, EXCLUDED.views, EXCLUDED.created_at);
    ELSE
      DELETE FROM phaseshift_archive.posts WHERE (id) = (k.id);
    END IF;
  END LOOP;
  PERFORM set_config('phaseshift.syncing', '', true);
  RETURN NULL;
END
$$;


--
-- Name: reverse_d1ce293b(); Type: FUNCTION; Schema: phaseshift; Owner: -
--

CREATE FUNCTION phaseshift.reverse_d1ce293b() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE k record;
BEGIN
  IF current_setting('phaseshift.syncing', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('phaseshift.syncing', 'on', true);
  FOR k IN SELECT * FROM (SELECT OLD.id WHERE TG_OP <> 'INSERT' UNION SELECT NEW.id WHERE TG_OP <> 'DELETE') AS keys(id) LOOP
    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN
      INSERT INTO phaseshift_archive.posts (id, user_id, title, body, status, likes, views, created_at) OVERRIDING SYSTEM VALUE SELECT id, user_id, title, body, status, likes, views, created_at FROM public.posts v WHERE (v.id) = (k.id)
      ON CONFLICT (id) DO UPDATE SET (id, user_id, title, body, status, likes, views, created_at) = ROW(EXCLUDED.id, EXCLUDED.user_id, EXCLUDED.title, EXCLUDED.body, EXCLUDED.status, EXCLUDED.likes, EXCLUDED.views, EXCLUDED.created_at);
    ELSE
      DELETE FROM phaseshift_archive.posts WHERE (id) = (k.id);
    END IF;
  END LOOP;
  PERFORM set_config('phaseshift.syncing', '', true);
  RETURN NULL;
END
$$;


--
-- Name: reverse_ea7b53a2(); Type: FUNCTION; Schema: phaseshift; Owner: -
--

CREATE FUNCTION phaseshift.reverse_ea7b53a2() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE k record;
BEGIN
  IF current_setting('phaseshift.syncing', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('phaseshift.syncing', 'on', true);
  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> 'INSERT' UNION SELECT NEW.post_id WHERE TG_OP <> 'DELETE') AS keys(id) LOOP
    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN
      INSERT INTO phaseshift_archive.posts (id, user_id, title, body, status, likes, views, created_at) OVERRIDING SYSTEM VALUE SELECT id, user_id, title, body, status, likes, views, created_at FROM public.posts v WHERE (v.id) = (k.id)
      ON CONFLICT (id) DO UPDATE SET (id, user_id, title, body, status, likes, views, created_at) = ROW(EXCLUDED.id, EXCLUDED.user_id, EXCLUDED.title, EXCLUDED.body, EXCLUDED.status, EXCLUDED.likes, EXCLUDED.views, EXCLUDED.created_at);
    ELSE
      DELETE FROM phaseshift_archive.posts WHERE (id) = (k.id);
    END IF;
  END LOOP;
  PERFORM set_config('phaseshift.syncing', '', true);
  RETURN NULL;
END
$$;


--
-- Name: sync_fa21ec3d(); Type: FUNCTION; Schema: phaseshift; Owner: -
--

CREATE FUNCTION phaseshift.sync_fa21ec3d() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF current_setting('phaseshift.syncing', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('phaseshift.syncing', 'on', true);
  DELETE FROM phaseshift.quarantine AS q WHERE q.target = 'public.posts_core' AND q.source_key IN (
    SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT OLD.*) AS s WHERE TG_OP <> 'INSERT'
    UNION ALL SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT NEW.*) AS s WHERE TG_OP <> 'DELETE');
  DELETE FROM phaseshift.quarantine AS q WHERE q.target = 'public.posts_content' AND q.source_key IN (
    SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT OLD.*) AS s WHERE TG_OP <> 'INSERT'
    UNION ALL SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT NEW.*) AS s WHERE TG_OP <> 'DELETE');
  DELETE FROM phaseshift.quarantine AS q WHERE q.target = 'public.post_insights' AND q.source_key IN (
    SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT OLD.*) AS s WHERE TG_OP <> 'INSERT'
    UNION ALL SELECT array_to_string(ARRAY[s.id::text], ',') FROM (SELECT NEW.*) AS s WHERE TG_OP <> 'DELETE');
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    BEGIN
      DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (
        SELECT id FROM (SELECT OLD.*) AS s WHERE true
        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = 'UPDATE' AND true);
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.post_insights', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT OLD.*) AS s;
    END;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    BEGIN
      DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (
        SELECT id FROM (SELECT OLD.*) AS s WHERE true
        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = 'UPDATE' AND true);
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.posts_content', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT OLD.*) AS s;
    END;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    BEGIN
      DELETE FROM public.posts_core AS t WHERE (t.id) IN (
        SELECT id FROM (SELECT OLD.*) AS s WHERE true
        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = 'UPDATE' AND true);
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.posts_core', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT OLD.*) AS s;
    END;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN
        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)
        SELECT 'split_posts', 'public.posts_core', array_to_string(ARRAY[s.id::text], ','), '', NULL, 'sync: fails ' || '' FROM (SELECT NEW.*) AS s;
        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM public.posts_core AS t WHERE (t.id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);
        END IF;
      ELSE
        INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT id, user_id, status, created_at FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.posts_core', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT NEW.*) AS s;
    END;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN
        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)
        SELECT 'split_posts', 'public.posts_content', array_to_string(ARRAY[s.id::text], ','), '', NULL, 'sync: fails ' || '' FROM (SELECT NEW.*) AS s;
        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);
        END IF;
      ELSE
        INSERT INTO public.posts_content AS t (post_id, title, body) SELECT id, title, body FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.posts_content', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT NEW.*) AS s;
    END;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    BEGIN
      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN
        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)
        SELECT 'split_posts', 'public.post_insights', array_to_string(ARRAY[s.id::text], ','), '', NULL, 'sync: fails ' || '' FROM (SELECT NEW.*) AS s;
        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);
        END IF;
      ELSE
        INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT id, likes, views FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006') THEN
        RAISE;
      END IF;
      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)
      SELECT 'split_posts', 'public.post_insights', array_to_string(ARRAY[s.id::text], ','), 'sync', SQLERRM FROM (SELECT NEW.*) AS s;
    END;
  END IF;
  PERFORM set_config('phaseshift.syncing', '', true);
  RETURN NULL;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: after_contract; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.after_contract (
    migration text NOT NULL,
    view text NOT NULL,
    key text[] NOT NULL
);


--
-- Name: backfill_progress; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.backfill_progress (
    migration text NOT NULL,
    backfill text NOT NULL,
    target text NOT NULL,
    last_key text[],
    rows_done bigint DEFAULT 0 NOT NULL,
    rows_rejected bigint DEFAULT 0 NOT NULL,
    done boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: contract_logs; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.contract_logs (
    trigger text NOT NULL,
    target text NOT NULL,
    function text NOT NULL,
    archive text NOT NULL
);


--
-- Name: history; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.history (
    id bigint NOT NULL,
    migration text NOT NULL,
    phase integer NOT NULL,
    kind text NOT NULL,
    action text NOT NULL,
    statements integer NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: history_id_seq; Type: SEQUENCE; Schema: phaseshift; Owner: -
--

ALTER TABLE phaseshift.history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME phaseshift.history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: migrations; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.migrations (
    name text NOT NULL,
    seq bigint NOT NULL,
    checksum text NOT NULL,
    spec text NOT NULL,
    plan jsonb NOT NULL,
    phase_count integer NOT NULL,
    applied_phase integer DEFAULT 0 NOT NULL,
    status text NOT NULL,
    last_error text,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: migrations_seq_seq; Type: SEQUENCE; Schema: phaseshift; Owner: -
--

ALTER TABLE phaseshift.migrations ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME phaseshift.migrations_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: quarantine; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.quarantine (
    id bigint NOT NULL,
    migration text,
    target text NOT NULL,
    source_key text NOT NULL,
    rule text NOT NULL,
    value text,
    reason text NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: quarantine_id_seq; Type: SEQUENCE; Schema: phaseshift; Owner: -
--

ALTER TABLE phaseshift.quarantine ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME phaseshift.quarantine_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: steps; Type: TABLE; Schema: phaseshift; Owner: -
--

CREATE TABLE phaseshift.steps (
    migration text NOT NULL,
    phase integer NOT NULL,
    step integer NOT NULL,
    description text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: posts; Type: TABLE; Schema: phaseshift_archive; Owner: -
--

CREATE TABLE phaseshift_archive.posts (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    title text NOT NULL,
    body text,
    status text,
    likes integer DEFAULT 0 NOT NULL,
    views integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: posts_id_seq; Type: SEQUENCE; Schema: phaseshift_archive; Owner: -
--

CREATE SEQUENCE phaseshift_archive.posts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: posts_id_seq; Type: SEQUENCE OWNED BY; Schema: phaseshift_archive; Owner: -
--

ALTER SEQUENCE phaseshift_archive.posts_id_seq OWNED BY phaseshift_archive.posts.id;


--
-- Name: post_insights; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.post_insights (
    post_id bigint NOT NULL,
    likes integer DEFAULT 0 NOT NULL,
    views integer DEFAULT 0 NOT NULL
);


--
-- Name: posts_content; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_content (
    post_id bigint NOT NULL,
    title text NOT NULL,
    body text
);


--
-- Name: posts_core; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_core (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    status text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: posts; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.posts WITH (security_invoker='true') AS
 SELECT c.id,
    c.user_id,
    t.title,
    t.body,
    c.status,
    i.likes,
    i.views,
    c.created_at
   FROM ((public.posts_core c
     JOIN public.posts_content t ON ((t.post_id = c.id)))
     JOIN public.post_insights i ON ((i.post_id = c.id)));


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    name text NOT NULL
);


--
-- Name: posts id; Type: DEFAULT; Schema: phaseshift_archive; Owner: -
--

ALTER TABLE ONLY phaseshift_archive.posts ALTER COLUMN id SET DEFAULT nextval('phaseshift_archive.posts_id_seq'::regclass);


--
-- Name: posts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts ALTER COLUMN id SET DEFAULT nextval('phaseshift_archive.posts_id_seq'::regclass);


--
-- Name: posts likes; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts ALTER COLUMN likes SET DEFAULT 0;


--
-- Name: posts views; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts ALTER COLUMN views SET DEFAULT 0;


--
-- Name: posts created_at; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts ALTER COLUMN created_at SET DEFAULT now();


--
-- Data for Name: after_contract; Type: TABLE DATA; Schema: phaseshift; Owner: -
--



--
-- Data for Name: backfill_progress; Type: TABLE DATA; Schema: phaseshift; Owner: -
--

INSERT INTO phaseshift.backfill_progress VALUES ('split_posts', '6d7c65d5', 'public.posts_core', '{120}', 120, 0, true, '2026-11-23 20:13:13.863727+00');
INSERT INTO phaseshift.backfill_progress VALUES ('split_posts', '06cd997b', 'public.posts_content', '{120}', 120, 0, true, '2026-11-23 20:13:13.869266+00');
INSERT INTO phaseshift.backfill_progress VALUES ('split_posts', '6acc8490', 'public.post_insights', '{120}', 120, 0, true, '2026-11-23 20:13:13.874478+00');


--
-- Data for Name: contract_logs; Type: TABLE DATA; Schema: phaseshift; Owner: -
--



--
-- Data for Name: history; Type: TABLE DATA; Schema: phaseshift; Owner: -
--

INSERT INTO phaseshift.history OVERRIDING SYSTEM VALUE VALUES (1, 'split_posts', 1, 'expand', 'apply', 0, '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.history OVERRIDING SYSTEM VALUE VALUES (2, 'split_posts', 2, 'sync', 'apply', 0, '2026-11-23 20:13:13.856085+00');
INSERT INTO phaseshift.history OVERRIDING SYSTEM VALUE VALUES (3, 'split_posts', 3, 'backfill', 'apply', 0, '2026-11-23 20:13:13.875964+00');
INSERT INTO phaseshift.history OVERRIDING SYSTEM VALUE VALUES (4, 'split_posts', 4, 'validate', 'apply', 0, '2026-11-23 20:13:13.880274+00');
INSERT INTO phaseshift.history OVERRIDING SYSTEM VALUE VALUES (5, 'split_posts', 5, 'switch', 'apply', 0, '2026-11-23 20:13:13.880795+00');


--
-- Data for Name: migrations; Type: TABLE DATA; Schema: phaseshift; Owner: -
--

INSERT INTO phaseshift.migrations OVERRIDING SYSTEM VALUE VALUES ('split_posts', 1, '0d802214dbca7d6c3b9f7c5a07a99581a8b639fd7f92910a478bb310ed8ab945', '# yaml-language-server: $schema=../../../docs/spec.schema.json
version: 1
name: split_posts
description: >
  Split the monolithic posts table into posts_core, posts_content and post_insights.
  The old application keeps using `posts`: after the switch it is a view over the new
  tables, and its writes reach them through the archived old table. Rows the new
  application writes into the new tables directly from the switch on reach the archived
  table too (reverse sync), so a rollback keeps them.
tables:
  posts_core:
    columns:
      id:         { type: bigint, primary_key: true }
      user_id:    { type: bigint, not_null: true, references: { table: users } }
      status:     { type: text }
      created_at: { type: timestamptz, not_null: true, default: now() }
    indexes:
      - { columns: [user_id, created_at] }
  posts_content:
    columns:
      post_id: { type: bigint, primary_key: true, references: { table: posts_core, column: id, on_delete: cascade } }
      title:   { type: text, not_null: true }
      body:    { type: text }
  post_insights:
    columns:
      post_id: { type: bigint, primary_key: true, references: { table: posts_core, column: id, on_delete: cascade } }
      likes:   { type: integer, not_null: true, default: 0 }
      views:   { type: integer, not_null: true, default: 0 }
backfill:
  - into: posts_core
    from: posts
    key: id
    columns: { id: id, user_id: user_id, status: status, created_at: created_at }
  - into: posts_content
    from: posts
    key: id
    columns: { post_id: id, title: title, body: body }
  - into: post_insights
    from: posts
    key: id
    columns: { post_id: id, likes: likes, views: views }
compat:
  - view: posts
    query: >
      SELECT c.id, c.user_id, t.title, t.body, c.status, i.likes, i.views, c.created_at
      FROM posts_core c
      JOIN posts_content t ON t.post_id = c.id
      JOIN post_insights i ON i.post_id = c.id
', '{"phases": [{"kind": "expand", "steps": [{"sql": "CREATE TABLE IF NOT EXISTS public.post_insights (\n  post_id bigint NOT NULL,\n  likes integer DEFAULT 0 NOT NULL,\n  views integer DEFAULT 0 NOT NULL,\n  CONSTRAINT post_insights_pkey PRIMARY KEY (post_id)\n);", "lock": "ACCESS EXCLUSIVE on public.post_insights (new table, no one else uses it yet)", "hazards": [], "rollback": "DROP TABLE IF EXISTS public.post_insights;", "statements": [{"sql": "CREATE TABLE IF NOT EXISTS public.post_insights (\n  post_id bigint NOT NULL,\n  likes integer DEFAULT 0 NOT NULL,\n  views integer DEFAULT 0 NOT NULL,\n  CONSTRAINT post_insights_pkey PRIMARY KEY (post_id)\n)", "transactional": true}], "description": "create table public.post_insights", "concurrent_indexes": [], "rollback_statements": [{"sql": "DROP TABLE IF EXISTS public.post_insights", "transactional": true}]}, {"sql": "CREATE TABLE IF NOT EXISTS public.posts_content (\n  post_id bigint NOT NULL,\n  title text NOT NULL,\n  body text,\n  CONSTRAINT posts_content_pkey PRIMARY KEY (post_id)\n);", "lock": "ACCESS EXCLUSIVE on public.posts_content (new table, no one else uses it yet)", "hazards": [], "rollback": "DROP TABLE IF EXISTS public.posts_content;", "statements": [{"sql": "CREATE TABLE IF NOT EXISTS public.posts_content (\n  post_id bigint NOT NULL,\n  title text NOT NULL,\n  body text,\n  CONSTRAINT posts_content_pkey PRIMARY KEY (post_id)\n)", "transactional": true}], "description": "create table public.posts_content", "concurrent_indexes": [], "rollback_statements": [{"sql": "DROP TABLE IF EXISTS public.posts_content", "transactional": true}]}, {"sql": "CREATE TABLE IF NOT EXISTS public.posts_core (\n  id bigint NOT NULL,\n  user_id bigint NOT NULL,\n  status text,\n  created_at timestamp with time zone DEFAULT now() NOT NULL,\n  CONSTRAINT posts_core_pkey PRIMARY KEY (id)\n);", "lock": "ACCESS EXCLUSIVE on public.posts_core (new table, no one else uses it yet)", "hazards": [], "rollback": "DROP TABLE IF EXISTS public.posts_core;", "statements": [{"sql": "CREATE TABLE IF NOT EXISTS public.posts_core (\n  id bigint NOT NULL,\n  user_id bigint NOT NULL,\n  status text,\n  created_at timestamp with time zone DEFAULT now() NOT NULL,\n  CONSTRAINT posts_core_pkey PRIMARY KEY (id)\n)", "transactional": true}], "description": "create table public.posts_core", "concurrent_indexes": [], "rollback_statements": [{"sql": "DROP TABLE IF EXISTS public.posts_core", "transactional": true}]}, {"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.post_insights'') AND conname = ''post_insights_post_id_fkey'') THEN\n    ALTER TABLE public.post_insights ADD CONSTRAINT post_insights_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core (id) ON DELETE CASCADE;\n  END IF;\nEND\n$ps$;", "lock": "SHARE ROW EXCLUSIVE on public.post_insights and public.posts_core (brief, no scan)", "hazards": [], "rollback": "ALTER TABLE IF EXISTS public.post_insights DROP CONSTRAINT IF EXISTS post_insights_post_id_fkey;", "statements": [{"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.post_insights'') AND conname = ''post_insights_post_id_fkey'') THEN\n    ALTER TABLE public.post_insights ADD CONSTRAINT post_insights_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core (id) ON DELETE CASCADE;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "add foreign key post_insights_post_id_fkey on public.post_insights", "concurrent_indexes": [], "rollback_statements": [{"sql": "ALTER TABLE IF EXISTS public.post_insights DROP CONSTRAINT IF EXISTS post_insights_post_id_fkey", "transactional": true}]}, {"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.posts_content'') AND conname = ''posts_content_post_id_fkey'') THEN\n    ALTER TABLE public.posts_content ADD CONSTRAINT posts_content_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core (id) ON DELETE CASCADE;\n  END IF;\nEND\n$ps$;", "lock": "SHARE ROW EXCLUSIVE on public.posts_content and public.posts_core (brief, no scan)", "hazards": [], "rollback": "ALTER TABLE IF EXISTS public.posts_content DROP CONSTRAINT IF EXISTS posts_content_post_id_fkey;", "statements": [{"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.posts_content'') AND conname = ''posts_content_post_id_fkey'') THEN\n    ALTER TABLE public.posts_content ADD CONSTRAINT posts_content_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core (id) ON DELETE CASCADE;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "add foreign key posts_content_post_id_fkey on public.posts_content", "concurrent_indexes": [], "rollback_statements": [{"sql": "ALTER TABLE IF EXISTS public.posts_content DROP CONSTRAINT IF EXISTS posts_content_post_id_fkey", "transactional": true}]}, {"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.posts_core'') AND conname = ''posts_core_user_id_fkey'') THEN\n    ALTER TABLE public.posts_core ADD CONSTRAINT posts_core_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id);\n  END IF;\nEND\n$ps$;", "lock": "SHARE ROW EXCLUSIVE on public.posts_core and public.users (brief, no scan)", "hazards": [], "rollback": "ALTER TABLE IF EXISTS public.posts_core DROP CONSTRAINT IF EXISTS posts_core_user_id_fkey;", "statements": [{"sql": "DO $ps$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(''public.posts_core'') AND conname = ''posts_core_user_id_fkey'') THEN\n    ALTER TABLE public.posts_core ADD CONSTRAINT posts_core_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id);\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "add foreign key posts_core_user_id_fkey on public.posts_core", "concurrent_indexes": [], "rollback_statements": [{"sql": "ALTER TABLE IF EXISTS public.posts_core DROP CONSTRAINT IF EXISTS posts_core_user_id_fkey", "transactional": true}]}, {"sql": "CREATE INDEX IF NOT EXISTS posts_core_user_id_created_at_idx ON public.posts_core USING btree (user_id, created_at);", "lock": "SHARE on public.posts_core (new table)", "hazards": [], "rollback": "DROP INDEX IF EXISTS public.posts_core_user_id_created_at_idx;", "statements": [{"sql": "CREATE INDEX IF NOT EXISTS posts_core_user_id_created_at_idx ON public.posts_core USING btree (user_id, created_at)", "transactional": true}], "description": "create index posts_core_user_id_created_at_idx on public.posts_core", "concurrent_indexes": [], "rollback_statements": [{"sql": "DROP INDEX IF EXISTS public.posts_core_user_id_created_at_idx", "transactional": true}]}], "number": 1}, {"kind": "sync", "steps": [{"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift;\n\nCREATE OR REPLACE FUNCTION phaseshift.sync_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF current_setting(''phaseshift.syncing'', true) = ''on'' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_core AS t WHERE (t.id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_core AS t WHERE (t.id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT id, user_id, status, created_at FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_content AS t (post_id, title, body) SELECT id, title, body FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT id, likes, views FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  RETURN NULL;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_sync_fa21ec3d AFTER INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.sync_fa21ec3d();\n  END IF;\nEND\n$ps$;", "lock": "SHARE ROW EXCLUSIVE on public.posts (brief)", "hazards": [], "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_sync_fa21ec3d ON public.posts;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_fill_fa21ec3d ON public.posts;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.sync_fa21ec3d();\n\nDROP FUNCTION IF EXISTS phaseshift.fill_fa21ec3d();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DELETE FROM public.post_insights;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DELETE FROM public.posts_content;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DELETE FROM public.posts_core;\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift", "transactional": true}, {"sql": "CREATE OR REPLACE FUNCTION phaseshift.sync_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF current_setting(''phaseshift.syncing'', true) = ''on'' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_core AS t WHERE (t.id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_core AS t WHERE (t.id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT id, user_id, status, created_at FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_content AS t (post_id, title, body) SELECT id, title, body FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT id, likes, views FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  RETURN NULL;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_sync_fa21ec3d AFTER INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.sync_fa21ec3d();\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "sync writes on public.posts to public.posts_core, public.posts_content, public.post_insights", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_sync_fa21ec3d ON public.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_fill_fa21ec3d ON public.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.sync_fa21ec3d()", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.fill_fa21ec3d()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DELETE FROM public.post_insights;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DELETE FROM public.posts_content;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DELETE FROM public.posts_core;\n  END IF;\nEND\n$ps$", "transactional": true}]}], "number": 2}, {"kind": "backfill", "steps": [{"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, user_id AS ps_c1, status AS ps_c2, created_at AS ps_c3\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT ps_c0, ps_c1, ps_c2, ps_c3 FROM batch  ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, user_id AS ps_c1, status AS ps_c2, created_at AS ps_c3\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT ps_c0, ps_c1, ps_c2, ps_c3 FROM batch  ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.posts_core'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.posts_core'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.posts_core'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$;", "lock": "ROW EXCLUSIVE on public.posts_core in short batches", "hazards": [], "backfill": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "posts_core", "schema": "public"}, "conflict": ["id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "user_id", "cast": null, "expr": "user_id", "rules": [], "column": "user_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "status", "cast": null, "expr": "status", "rules": [], "column": "status", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}, {"raw": "created_at", "cast": null, "expr": "created_at", "rules": [], "column": "created_at", "sanitize": [], "volatile": false, "target_type": "timestamp with time zone", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''6d7c65d5'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.posts_core'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DELETE FROM public.posts_core;\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, user_id AS ps_c1, status AS ps_c2, created_at AS ps_c3\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT ps_c0, ps_c1, ps_c2, ps_c3 FROM batch  ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, user_id AS ps_c1, status AS ps_c2, created_at AS ps_c3\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT ps_c0, ps_c1, ps_c2, ps_c3 FROM batch  ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.posts_core'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.posts_core'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.posts_core'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$", "transactional": false}], "description": "backfill public.posts_core from public.posts", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''6d7c65d5'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.posts_core'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DELETE FROM public.posts_core;\n  END IF;\nEND\n$ps$", "transactional": true}]}, {"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, title AS ps_c1, body AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_content AS t (post_id, title, body) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, title AS ps_c1, body AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_content AS t (post_id, title, body) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.posts_content'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.posts_content'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.posts_content'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$;", "lock": "ROW EXCLUSIVE on public.posts_content in short batches", "hazards": [], "backfill": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "posts_content", "schema": "public"}, "conflict": ["post_id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "post_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "title", "cast": null, "expr": "title", "rules": [], "column": "title", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}, {"raw": "body", "cast": null, "expr": "body", "rules": [], "column": "body", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''06cd997b'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.posts_content'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DELETE FROM public.posts_content;\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, title AS ps_c1, body AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_content AS t (post_id, title, body) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, title AS ps_c1, body AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.posts_content AS t (post_id, title, body) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.posts_content'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.posts_content'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.posts_content'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$", "transactional": false}], "description": "backfill public.posts_content from public.posts", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''06cd997b'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.posts_content'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DELETE FROM public.posts_content;\n  END IF;\nEND\n$ps$", "transactional": true}]}, {"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, likes AS ps_c1, views AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, likes AS ps_c1, views AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.post_insights'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.post_insights'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.post_insights'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$;", "lock": "ROW EXCLUSIVE on public.post_insights in short batches", "hazards": [], "backfill": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "post_insights", "schema": "public"}, "conflict": ["post_id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "post_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "likes", "cast": null, "expr": "likes", "rules": [], "column": "likes", "sanitize": [], "volatile": false, "target_type": "integer", "keep_original": false}, {"raw": "views", "cast": null, "expr": "views", "rules": [], "column": "views", "sanitize": [], "volatile": false, "target_type": "integer", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''6acc8490'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.post_insights'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DELETE FROM public.post_insights;\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "DO $ps$\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, likes AS ps_c1, views AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND $1::text[] IS NULL\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_q text := ''WITH batch AS (\n  SELECT s.id AS ps_k0, id AS ps_c0, likes AS ps_c1, views AS ps_c2\n  FROM public.posts AS s\n  WHERE true AND (s.id) > (($1::text[])[1]::ps_key_type_0)\n  ORDER BY s.id\n  LIMIT $2\n), written AS (\n  INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT ps_c0, ps_c1, ps_c2 FROM batch  ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views RETURNING 1\n)\nSELECT (SELECT ARRAY[ps_k0::text] FROM batch ORDER BY ps_k0 DESC LIMIT 1) AS last_key,\n       (SELECT count(*) FROM batch) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       0::bigint AS rejected,\n       NULL::text AS rejected_sample'';\n  next_key_q text := ''SELECT ARRAY[s.id::text] FROM public.posts AS s WHERE true AND ($1::text[] IS NULL OR (s.id) > (($1::text[])[1]::ps_key_type_0)) ORDER BY s.id LIMIT 1'';\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(''public.posts'') AND a.attname = ''id'' AND NOT a.attisdropped;\n  next_q := replace(next_q, ''ps_key_type_0'', t);\n  next_key_q := replace(next_key_q, ''ps_key_type_0'', t);\n  LOOP\n    EXECUTE ''LOCK TABLE public.posts IN SHARE MODE'';\n    PERFORM set_config(''phaseshift.filling'', ''on'', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, ''split_posts'', false;\n      ELSE\n        EXECUTE next_q INTO r USING last, size, ''split_posts'', false;\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF true THEN\n        RAISE EXCEPTION ''backfill of %: row % is refused: %'', ''public.post_insights'', array_to_string(k, '',''), refused;\n      END IF;\n      IF false THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT ''split_posts'', ''public.post_insights'', array_to_string(k, '',''), ''refused'', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key = array_to_string(k, '',''));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF true AND r.rejected > 0 THEN\n      RAISE EXCEPTION ''backfill of %: rows break its rules: %'', ''public.post_insights'', r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n$ps$", "transactional": false}], "description": "backfill public.post_insights from public.posts", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.backfill_progress'') IS NOT NULL THEN\n    DELETE FROM phaseshift.backfill_progress WHERE migration = ''split_posts'' AND backfill = ''6acc8490'';\n    DELETE FROM phaseshift.quarantine WHERE migration = ''split_posts'' AND target = ''public.post_insights'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DELETE FROM public.post_insights;\n  END IF;\nEND\n$ps$", "transactional": true}]}], "number": 3}, {"kind": "validate", "steps": [{"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_core''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(user_id AS bigint), CAST(status AS text), CAST(created_at AS timestamp with time zone))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_core'''')) AS source_sum,\n(SELECT count(*) FROM public.posts_core AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.id, t.user_id, t.status, t.created_at)::text)::bigint), 0)::bigint FROM public.posts_core AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.posts_core'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$;", "lock": "ACCESS SHARE (reads only)", "check": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "posts_core", "schema": "public"}, "conflict": ["id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "user_id", "cast": null, "expr": "user_id", "rules": [], "column": "user_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "status", "cast": null, "expr": "status", "rules": [], "column": "status", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}, {"raw": "created_at", "cast": null, "expr": "created_at", "rules": [], "column": "created_at", "sanitize": [], "volatile": false, "target_type": "timestamp with time zone", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "hazards": [], "rollback": "", "statements": [{"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_core''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(user_id AS bigint), CAST(status AS text), CAST(created_at AS timestamp with time zone))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_core'''')) AS source_sum,\n(SELECT count(*) FROM public.posts_core AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.id, t.user_id, t.status, t.created_at)::text)::bigint), 0)::bigint FROM public.posts_core AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.posts_core'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "check public.posts_core against public.posts (counts, checksums)", "concurrent_indexes": [], "rollback_statements": []}, {"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_content''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(title AS text), CAST(body AS text))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_content'''')) AS source_sum,\n(SELECT count(*) FROM public.posts_content AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.post_id, t.title, t.body)::text)::bigint), 0)::bigint FROM public.posts_content AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.posts_content'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$;", "lock": "ACCESS SHARE (reads only)", "check": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "posts_content", "schema": "public"}, "conflict": ["post_id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "post_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "title", "cast": null, "expr": "title", "rules": [], "column": "title", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}, {"raw": "body", "cast": null, "expr": "body", "rules": [], "column": "body", "sanitize": [], "volatile": false, "target_type": "text", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "hazards": [], "rollback": "", "statements": [{"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_content''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(title AS text), CAST(body AS text))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.posts_content'''')) AS source_sum,\n(SELECT count(*) FROM public.posts_content AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.post_id, t.title, t.body)::text)::bigint), 0)::bigint FROM public.posts_content AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.posts_content'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "check public.posts_content against public.posts (counts, checksums)", "concurrent_indexes": [], "rollback_statements": []}, {"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.post_insights''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(likes AS integer), CAST(views AS integer))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.post_insights'''')) AS source_sum,\n(SELECT count(*) FROM public.post_insights AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.post_id, t.likes, t.views)::text)::bigint), 0)::bigint FROM public.post_insights AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.post_insights'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$;", "lock": "ACCESS SHARE (reads only)", "check": {"key": [["id", "bigint"]], "filter": null, "source": {"name": "posts", "schema": "public"}, "target": {"name": "post_insights", "schema": "public"}, "conflict": ["post_id"], "mappings": [{"raw": "id", "cast": null, "expr": "id", "rules": [], "column": "post_id", "sanitize": [], "volatile": false, "target_type": "bigint", "keep_original": false}, {"raw": "likes", "cast": null, "expr": "likes", "rules": [], "column": "likes", "sanitize": [], "volatile": false, "target_type": "integer", "keep_original": false}, {"raw": "views", "cast": null, "expr": "views", "rules": [], "column": "views", "sanitize": [], "volatile": false, "target_type": "integer", "keep_original": false}], "migration": "split_posts", "on_invalid": "fail", "sole_source": true}, "hazards": [], "rollback": "", "statements": [{"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE ''SELECT (SELECT count(*) FROM public.posts AS s WHERE true) AS source_rows,\n(SELECT count(*) FROM public.posts AS s WHERE true AND NOT (true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.post_insights''''))) AS excluded,\n(SELECT coalesce(sum(hashtext(row(CAST(id AS bigint), CAST(likes AS integer), CAST(views AS integer))::text)::bigint), 0)::bigint FROM public.posts AS s WHERE true AND true AND array_to_string(ARRAY[s.id::text], '''','''') NOT IN (SELECT source_key FROM phaseshift.quarantine WHERE target = ''''public.post_insights'''')) AS source_sum,\n(SELECT count(*) FROM public.post_insights AS t WHERE true) AS target_rows,\n(SELECT coalesce(sum(hashtext(row(t.post_id, t.likes, t.views)::text)::bigint), 0)::bigint FROM public.post_insights AS t WHERE true) AS target_sum,\n0::bigint AS mismatched'' INTO r;\n  IF r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0 THEN\n    RAISE EXCEPTION ''backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing'', ''public.post_insights'', r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "check public.post_insights against public.posts (counts, checksums)", "concurrent_indexes": [], "rollback_statements": []}], "number": 4}, {"kind": "switch", "steps": [{"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift_archive;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL AND to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    RAISE EXCEPTION ''both % and % exist; move or drop one of them first'', ''public.posts'', ''phaseshift_archive.posts'';\n  ELSIF to_regclass(''public.posts'') IS NOT NULL THEN\n    ALTER TABLE public.posts SET SCHEMA phaseshift_archive;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    EXECUTE ''CREATE OR REPLACE VIEW public.posts WITH (security_invoker = true) AS\nSELECT c.id, c.user_id, t.title, t.body, c.status, i.likes, i.views, c.created_at FROM posts_core c JOIN posts_content t ON t.post_id = c.id JOIN post_insights i ON i.post_id = c.id'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n           FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n           WHERE d.adrelid = to_regclass(''phaseshift_archive.posts'') AND a.attgenerated = ''''\n             AND a.attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0)\n  LOOP\n    EXECUTE format(''ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s'', ''public.posts'', r.attname, r.def);\n  END LOOP;\nEND\n$ps$;\n\nCREATE SCHEMA IF NOT EXISTS phaseshift;\n\nDO $ps$\nDECLARE cols text; vals text; upd_cols text; upd_vals text; keyc text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    -- Nothing was archived (the old name belonged to a table that was renamed): the view\n    -- over it stays a plain, automatically updatable view.\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, vals, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  SELECT string_agg(quote_ident(att.attname) || '' = OLD.'' || quote_ident(att.attname), '' AND '')\n    INTO keyc\n    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = ANY (i.indkey)\n   WHERE i.indrelid = to_regclass(''phaseshift_archive.posts'') AND i.indisprimary;\n  IF keyc IS NULL THEN\n    RAISE EXCEPTION ''table % has no primary key: writes through view % could not find their rows'', ''phaseshift_archive.posts'', ''public.posts'';\n  END IF;\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.compat_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $b$\nBEGIN\n  IF TG_OP = ''''INSERT'''' THEN\n    INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE VALUES (%3$s);\n    RETURN NEW;\n  ELSIF TG_OP = ''''UPDATE'''' THEN\n    UPDATE %1$s SET (%4$s) = ROW(%5$s) WHERE %6$s;\n    RETURN NEW;\n  ELSE\n    DELETE FROM %1$s WHERE %6$s;\n    RETURN OLD;\n  END IF;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, vals, upd_cols, upd_vals, keyc);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.compat_fa21ec3d()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_compat INSTEAD OF INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.compat_fa21ec3d();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_d1ce293b()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_d1ce293b();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_b2490149() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_b2490149()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_b2490149();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_ea7b53a2()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_ea7b53a2();\n  END IF;\nEND\n$ps$;", "lock": "ACCESS EXCLUSIVE on public.posts (brief)", "hazards": [], "archives": [{"name": "posts", "schema": "phaseshift_archive"}], "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_d1ce293b();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_b2490149();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_ea7b53a2();\n\nDO $ps$\nBEGIN\n  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    DROP VIEW public.posts;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.compat_fa21ec3d();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL AND to_regclass(''public.posts'') IS NOT NULL THEN\n    RAISE EXCEPTION ''both % and % exist; move or drop one of them first'', ''phaseshift_archive.posts'', ''public.posts'';\n  ELSIF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    ALTER TABLE phaseshift_archive.posts SET SCHEMA public;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  DROP SCHEMA IF EXISTS phaseshift_archive;\nEXCEPTION WHEN dependent_objects_still_exist THEN\n  NULL; -- still in use: keep it\nEND\n$ps$;", "statements": [{"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift_archive", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NOT NULL AND to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    RAISE EXCEPTION ''both % and % exist; move or drop one of them first'', ''public.posts'', ''phaseshift_archive.posts'';\n  ELSIF to_regclass(''public.posts'') IS NOT NULL THEN\n    ALTER TABLE public.posts SET SCHEMA phaseshift_archive;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    EXECUTE ''CREATE OR REPLACE VIEW public.posts WITH (security_invoker = true) AS\nSELECT c.id, c.user_id, t.title, t.body, c.status, i.likes, i.views, c.created_at FROM posts_core c JOIN posts_content t ON t.post_id = c.id JOIN post_insights i ON i.post_id = c.id'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n           FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n           WHERE d.adrelid = to_regclass(''phaseshift_archive.posts'') AND a.attgenerated = ''''\n             AND a.attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0)\n  LOOP\n    EXECUTE format(''ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s'', ''public.posts'', r.attname, r.def);\n  END LOOP;\nEND\n$ps$", "transactional": true}, {"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; vals text; upd_cols text; upd_vals text; keyc text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    -- Nothing was archived (the old name belonged to a table that was renamed): the view\n    -- over it stays a plain, automatically updatable view.\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, vals, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  SELECT string_agg(quote_ident(att.attname) || '' = OLD.'' || quote_ident(att.attname), '' AND '')\n    INTO keyc\n    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = ANY (i.indkey)\n   WHERE i.indrelid = to_regclass(''phaseshift_archive.posts'') AND i.indisprimary;\n  IF keyc IS NULL THEN\n    RAISE EXCEPTION ''table % has no primary key: writes through view % could not find their rows'', ''phaseshift_archive.posts'', ''public.posts'';\n  END IF;\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.compat_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $b$\nBEGIN\n  IF TG_OP = ''''INSERT'''' THEN\n    INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE VALUES (%3$s);\n    RETURN NEW;\n  ELSIF TG_OP = ''''UPDATE'''' THEN\n    UPDATE %1$s SET (%4$s) = ROW(%5$s) WHERE %6$s;\n    RETURN NEW;\n  ELSE\n    DELETE FROM %1$s WHERE %6$s;\n    RETURN OLD;\n  END IF;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, vals, upd_cols, upd_vals, keyc);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.compat_fa21ec3d()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_compat INSTEAD OF INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.compat_fa21ec3d();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_d1ce293b()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_d1ce293b();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_b2490149() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_b2490149()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_b2490149();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_ea7b53a2()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_ea7b53a2();\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "move public.posts to phaseshift_archive.posts; view public.posts takes its place", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_d1ce293b()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_b2490149()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_ea7b53a2()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    DROP VIEW public.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.compat_fa21ec3d()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL AND to_regclass(''public.posts'') IS NOT NULL THEN\n    RAISE EXCEPTION ''both % and % exist; move or drop one of them first'', ''phaseshift_archive.posts'', ''public.posts'';\n  ELSIF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    ALTER TABLE phaseshift_archive.posts SET SCHEMA public;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  DROP SCHEMA IF EXISTS phaseshift_archive;\nEXCEPTION WHEN dependent_objects_still_exist THEN\n  NULL; -- still in use: keep it\nEND\n$ps$", "transactional": true}]}], "number": 5}, {"kind": "contract", "steps": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_d1ce293b();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_b2490149();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.reverse_ea7b53a2();\n\nDO $ps$\nBEGIN\n  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    DROP VIEW public.posts;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.compat_fa21ec3d();\n\nCREATE OR REPLACE FUNCTION phaseshift.log_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.log_d1ce293b();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_d1ce293b'', ''public.posts_core'', ''phaseshift.log_d1ce293b'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$;\n\nCREATE OR REPLACE FUNCTION phaseshift.log_b2490149() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.post_id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.post_id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.log_b2490149();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_b2490149'', ''public.posts_content'', ''phaseshift.log_b2490149'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$;\n\nCREATE OR REPLACE FUNCTION phaseshift.log_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.post_id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.post_id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.log_ea7b53a2();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_ea7b53a2'', ''public.post_insights'', ''phaseshift.log_ea7b53a2'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$;", "lock": "ACCESS EXCLUSIVE on view public.posts (brief)", "hazards": [], "rollback": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    EXECUTE ''CREATE OR REPLACE VIEW public.posts WITH (security_invoker = true) AS\nSELECT c.id, c.user_id, t.title, t.body, c.status, i.likes, i.views, c.created_at FROM posts_core c JOIN posts_content t ON t.post_id = c.id JOIN post_insights i ON i.post_id = c.id'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n           FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n           WHERE d.adrelid = to_regclass(''phaseshift_archive.posts'') AND a.attgenerated = ''''\n             AND a.attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0)\n  LOOP\n    EXECUTE format(''ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s'', ''public.posts'', r.attname, r.def);\n  END LOOP;\nEND\n$ps$;\n\nCREATE SCHEMA IF NOT EXISTS phaseshift;\n\nDO $ps$\nDECLARE cols text; vals text; upd_cols text; upd_vals text; keyc text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    -- Nothing was archived (the old name belonged to a table that was renamed): the view\n    -- over it stays a plain, automatically updatable view.\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, vals, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  SELECT string_agg(quote_ident(att.attname) || '' = OLD.'' || quote_ident(att.attname), '' AND '')\n    INTO keyc\n    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = ANY (i.indkey)\n   WHERE i.indrelid = to_regclass(''phaseshift_archive.posts'') AND i.indisprimary;\n  IF keyc IS NULL THEN\n    RAISE EXCEPTION ''table % has no primary key: writes through view % could not find their rows'', ''phaseshift_archive.posts'', ''public.posts'';\n  END IF;\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.compat_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $b$\nBEGIN\n  IF TG_OP = ''''INSERT'''' THEN\n    INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE VALUES (%3$s);\n    RETURN NEW;\n  ELSIF TG_OP = ''''UPDATE'''' THEN\n    UPDATE %1$s SET (%4$s) = ROW(%5$s) WHERE %6$s;\n    RETURN NEW;\n  ELSE\n    DELETE FROM %1$s WHERE %6$s;\n    RETURN OLD;\n  END IF;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, vals, upd_cols, upd_vals, keyc);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.compat_fa21ec3d()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_compat INSTEAD OF INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.compat_fa21ec3d();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_d1ce293b()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_d1ce293b();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_b2490149() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_b2490149()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_b2490149();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_ea7b53a2()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_ea7b53a2();\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nDECLARE cols text; upd_cols text; upd_vals text; n bigint; k text[]; present boolean; logged bigint := 0;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL OR ((SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'') IS NOT TRUE THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  -- The forward sync must not send these rows back to where they come from.\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  IF to_regclass(''phaseshift.after_contract'') IS NOT NULL THEN\n    FOR k IN SELECT l.key FROM phaseshift.after_contract AS l WHERE l.migration = ''split_posts'' AND l.view = ''public.posts'' LOOP\n      logged := logged + 1;\n      EXECUTE format(''SELECT EXISTS (SELECT 1 FROM %s v WHERE ARRAY[v.id::text] = $1)'', ''public.posts'') INTO present USING k;\n      IF present THEN\n        EXECUTE format(''INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE ARRAY[v.id::text] = $1 ON CONFLICT (id) DO UPDATE SET (%4$s) = ROW(%5$s)'', ''phaseshift_archive.posts'', cols, ''public.posts'', upd_cols, upd_vals) USING k;\n      ELSE\n        EXECUTE format(''DELETE FROM %s o WHERE ARRAY[o.id::text] = $1'', ''phaseshift_archive.posts'') USING k;\n      END IF;\n    END LOOP;\n    DELETE FROM phaseshift.after_contract AS l WHERE l.migration = ''split_posts'' AND l.view = ''public.posts'';\n  END IF;\n  EXECUTE format(''INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE NOT EXISTS (SELECT 1 FROM %1$s o WHERE (o.id) = (v.id))'', ''phaseshift_archive.posts'', cols, ''public.posts'');\n  GET DIAGNOSTICS n = ROW_COUNT;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  IF n + logged > 0 THEN\n    RAISE NOTICE ''carried % row(s) written after contract back to %'', n + logged, ''phaseshift_archive.posts'';\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.log_d1ce293b();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.log_b2490149();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.log_ea7b53a2();\n\nDO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.after_contract'') IS NOT NULL THEN\n    DELETE FROM phaseshift.after_contract WHERE migration = ''split_posts'' AND view = ''public.posts'';\n  END IF;\n  IF to_regclass(''phaseshift.contract_logs'') IS NOT NULL THEN\n    DELETE FROM phaseshift.contract_logs WHERE trigger IN (''phaseshift_log_d1ce293b'', ''phaseshift_log_b2490149'', ''phaseshift_log_ea7b53a2'');\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_d1ce293b()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_b2490149()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_reverse_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.reverse_ea7b53a2()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    DROP VIEW public.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.compat_fa21ec3d()", "transactional": true}, {"sql": "CREATE OR REPLACE FUNCTION phaseshift.log_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.log_d1ce293b();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_d1ce293b'', ''public.posts_core'', ''phaseshift.log_d1ce293b'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "CREATE OR REPLACE FUNCTION phaseshift.log_b2490149() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.post_id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.post_id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.log_b2490149();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_b2490149'', ''public.posts_content'', ''phaseshift.log_b2490149'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "CREATE OR REPLACE FUNCTION phaseshift.log_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT ''split_posts'', ''public.posts'', k FROM (SELECT ARRAY[OLD.post_id::text] AS k WHERE TG_OP <> ''INSERT'' UNION SELECT ARRAY[NEW.post_id::text] WHERE TG_OP <> ''DELETE'') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_log_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.log_ea7b53a2();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES (''phaseshift_log_ea7b53a2'', ''public.post_insights'', ''phaseshift.log_ea7b53a2'', ''phaseshift_archive.posts'') ON CONFLICT DO NOTHING;\n  END IF;\nEND\n$ps$", "transactional": true}], "description": "drop compatibility view public.posts", "concurrent_indexes": [], "rollback_statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts'') IS NULL OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'' THEN\n    EXECUTE ''CREATE OR REPLACE VIEW public.posts WITH (security_invoker = true) AS\nSELECT c.id, c.user_id, t.title, t.body, c.status, i.likes, i.views, c.created_at FROM posts_core c JOIN posts_content t ON t.post_id = c.id JOIN post_insights i ON i.post_id = c.id'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n           FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n           WHERE d.adrelid = to_regclass(''phaseshift_archive.posts'') AND a.attgenerated = ''''\n             AND a.attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0)\n  LOOP\n    EXECUTE format(''ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s'', ''public.posts'', r.attname, r.def);\n  END LOOP;\nEND\n$ps$", "transactional": true}, {"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; vals text; upd_cols text; upd_vals text; keyc text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    -- Nothing was archived (the old name belonged to a table that was renamed): the view\n    -- over it stays a plain, automatically updatable view.\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''NEW.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, vals, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  SELECT string_agg(quote_ident(att.attname) || '' = OLD.'' || quote_ident(att.attname), '' AND '')\n    INTO keyc\n    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = ANY (i.indkey)\n   WHERE i.indrelid = to_regclass(''phaseshift_archive.posts'') AND i.indisprimary;\n  IF keyc IS NULL THEN\n    RAISE EXCEPTION ''table % has no primary key: writes through view % could not find their rows'', ''phaseshift_archive.posts'', ''public.posts'';\n  END IF;\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.compat_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $b$\nBEGIN\n  IF TG_OP = ''''INSERT'''' THEN\n    INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE VALUES (%3$s);\n    RETURN NEW;\n  ELSIF TG_OP = ''''UPDATE'''' THEN\n    UPDATE %1$s SET (%4$s) = ROW(%5$s) WHERE %6$s;\n    RETURN NEW;\n  ELSE\n    DELETE FROM %1$s WHERE %6$s;\n    RETURN OLD;\n  END IF;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, vals, upd_cols, upd_vals, keyc);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.compat_fa21ec3d()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_compat INSTEAD OF INSERT OR UPDATE OR DELETE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.compat_fa21ec3d();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_d1ce293b() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_d1ce293b()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_d1ce293b AFTER INSERT OR UPDATE OR DELETE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_d1ce293b();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_b2490149() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_b2490149()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_b2490149 AFTER INSERT OR UPDATE OR DELETE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_b2490149();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum), string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  EXECUTE format(''CREATE OR REPLACE FUNCTION phaseshift.reverse_ea7b53a2() RETURNS trigger LANGUAGE plpgsql AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting(''''phaseshift.syncing'''', true) = ''''on'''' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''''phaseshift.syncing'''', ''''on'''', true);\n  FOR k IN SELECT * FROM (SELECT OLD.post_id WHERE TG_OP <> ''''INSERT'''' UNION SELECT NEW.post_id WHERE TG_OP <> ''''DELETE'''') AS keys(id) LOOP\n    IF EXISTS (SELECT 1 FROM public.posts v WHERE (v.id) = (k.id)) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM public.posts v WHERE (v.id) = (k.id)\n      ON CONFLICT (id) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE (id) = (k.id);\n    END IF;\n  END LOOP;\n  PERFORM set_config(''''phaseshift.syncing'''', '''''''', true);\n  RETURN NULL;\nEND\n$b$'', ''phaseshift_archive.posts'', cols, excluded);\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regprocedure(''phaseshift.reverse_ea7b53a2()'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_reverse_ea7b53a2 AFTER INSERT OR UPDATE OR DELETE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_ea7b53a2();\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nDECLARE cols text; upd_cols text; upd_vals text; n bigint; k text[]; present boolean; logged bigint := 0;\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NULL OR ((SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(''public.posts'')) = ''v'') IS NOT TRUE THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), '', '' ORDER BY attnum),\n         string_agg(quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a''),\n         string_agg(''EXCLUDED.'' || quote_ident(attname), '', '' ORDER BY attnum) FILTER (WHERE attidentity <> ''a'')\n    INTO cols, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass(''phaseshift_archive.posts'') AND attnum > 0 AND NOT attisdropped AND attgenerated = ''''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(''public.posts'') AND attnum > 0);\n  -- The forward sync must not send these rows back to where they come from.\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  IF to_regclass(''phaseshift.after_contract'') IS NOT NULL THEN\n    FOR k IN SELECT l.key FROM phaseshift.after_contract AS l WHERE l.migration = ''split_posts'' AND l.view = ''public.posts'' LOOP\n      logged := logged + 1;\n      EXECUTE format(''SELECT EXISTS (SELECT 1 FROM %s v WHERE ARRAY[v.id::text] = $1)'', ''public.posts'') INTO present USING k;\n      IF present THEN\n        EXECUTE format(''INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE ARRAY[v.id::text] = $1 ON CONFLICT (id) DO UPDATE SET (%4$s) = ROW(%5$s)'', ''phaseshift_archive.posts'', cols, ''public.posts'', upd_cols, upd_vals) USING k;\n      ELSE\n        EXECUTE format(''DELETE FROM %s o WHERE ARRAY[o.id::text] = $1'', ''phaseshift_archive.posts'') USING k;\n      END IF;\n    END LOOP;\n    DELETE FROM phaseshift.after_contract AS l WHERE l.migration = ''split_posts'' AND l.view = ''public.posts'';\n  END IF;\n  EXECUTE format(''INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE NOT EXISTS (SELECT 1 FROM %1$s o WHERE (o.id) = (v.id))'', ''phaseshift_archive.posts'', cols, ''public.posts'');\n  GET DIAGNOSTICS n = ROW_COUNT;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  IF n + logged > 0 THEN\n    RAISE NOTICE ''carried % row(s) written after contract back to %'', n + logged, ''phaseshift_archive.posts'';\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_core'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_d1ce293b ON public.posts_core;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.log_d1ce293b()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.posts_content'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_b2490149 ON public.posts_content;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.log_b2490149()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''public.post_insights'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_log_ea7b53a2 ON public.post_insights;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.log_ea7b53a2()", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift.after_contract'') IS NOT NULL THEN\n    DELETE FROM phaseshift.after_contract WHERE migration = ''split_posts'' AND view = ''public.posts'';\n  END IF;\n  IF to_regclass(''phaseshift.contract_logs'') IS NOT NULL THEN\n    DELETE FROM phaseshift.contract_logs WHERE trigger IN (''phaseshift_log_d1ce293b'', ''phaseshift_log_b2490149'', ''phaseshift_log_ea7b53a2'');\n  END IF;\nEND\n$ps$", "transactional": true}]}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_sync_fa21ec3d ON phaseshift_archive.posts;\n  END IF;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_fill_fa21ec3d ON phaseshift_archive.posts;\n  END IF;\nEND\n$ps$;\n\nDROP FUNCTION IF EXISTS phaseshift.sync_fa21ec3d();\n\nDROP FUNCTION IF EXISTS phaseshift.fill_fa21ec3d();", "lock": "SHARE ROW EXCLUSIVE on public.posts (brief)", "hazards": [], "rollback": "CREATE SCHEMA IF NOT EXISTS phaseshift;\n\nCREATE OR REPLACE FUNCTION phaseshift.sync_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF current_setting(''phaseshift.syncing'', true) = ''on'' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_core AS t WHERE (t.id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_core AS t WHERE (t.id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT id, user_id, status, created_at FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_content AS t (post_id, title, body) SELECT id, title, body FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT id, likes, views FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  RETURN NULL;\nEND\n$ps$;\n\nDO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_sync_fa21ec3d AFTER INSERT OR UPDATE OR DELETE ON phaseshift_archive.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.sync_fa21ec3d();\n  END IF;\nEND\n$ps$;", "statements": [{"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_sync_fa21ec3d ON phaseshift_archive.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    DROP TRIGGER IF EXISTS phaseshift_fill_fa21ec3d ON phaseshift_archive.posts;\n  END IF;\nEND\n$ps$", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.sync_fa21ec3d()", "transactional": true}, {"sql": "DROP FUNCTION IF EXISTS phaseshift.fill_fa21ec3d()", "transactional": true}], "description": "stop syncing public.posts", "concurrent_indexes": [], "rollback_statements": [{"sql": "CREATE SCHEMA IF NOT EXISTS phaseshift", "transactional": true}, {"sql": "CREATE OR REPLACE FUNCTION phaseshift.sync_fa21ec3d() RETURNS trigger LANGUAGE plpgsql AS $ps$\nBEGIN\n  IF current_setting(''phaseshift.syncing'', true) = ''on'' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', ''on'', true);\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_core'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.posts_content'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = ''public.post_insights'' AND q.source_key IN (\n    SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT OLD.*) AS s WHERE TG_OP <> ''INSERT''\n    UNION ALL SELECT array_to_string(ARRAY[s.id::text], '','') FROM (SELECT NEW.*) AS s WHERE TG_OP <> ''DELETE'');\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN\n    BEGIN\n      DELETE FROM public.posts_core AS t WHERE (t.id) IN (\n        SELECT id FROM (SELECT OLD.*) AS s WHERE true\n        EXCEPT SELECT id FROM (SELECT NEW.*) AS s WHERE TG_OP = ''UPDATE'' AND true);\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT OLD.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_core AS t WHERE (t.id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_core AS t (id, user_id, status, created_at) SELECT id, user_id, status, created_at FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_core'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.posts_content AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.posts_content AS t (post_id, title, body) SELECT id, title, body FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.posts_content'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN\n    BEGIN\n      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE true AND NOT (true)) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), '''', NULL, ''sync: fails '' || '''' FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = ''UPDATE'' THEN\n          DELETE FROM public.post_insights AS t WHERE (t.post_id) IN (SELECT id FROM (SELECT OLD.*) AS s WHERE true);\n        END IF;\n      ELSE\n        INSERT INTO public.post_insights AS t (post_id, likes, views) SELECT id, likes, views FROM (SELECT NEW.*) AS s WHERE true ON CONFLICT (post_id) DO UPDATE SET likes = EXCLUDED.likes, views = EXCLUDED.views;\n      END IF;\n    EXCEPTION WHEN OTHERS THEN\n      IF SQLSTATE LIKE ''40%'' OR SQLSTATE LIKE ''53%'' OR SQLSTATE LIKE ''57%'' OR SQLSTATE IN (''55P03'', ''55006'') THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT ''split_posts'', ''public.post_insights'', array_to_string(ARRAY[s.id::text], '',''), ''sync'', SQLERRM FROM (SELECT NEW.*) AS s;\n    END;\n  END IF;\n  PERFORM set_config(''phaseshift.syncing'', '''', true);\n  RETURN NULL;\nEND\n$ps$", "transactional": true}, {"sql": "DO $ps$\nBEGIN\n  IF to_regclass(''phaseshift_archive.posts'') IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER phaseshift_sync_fa21ec3d AFTER INSERT OR UPDATE OR DELETE ON phaseshift_archive.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.sync_fa21ec3d();\n  END IF;\nEND\n$ps$", "transactional": true}]}], "number": 6}]}', 6, 5, 'applying', NULL, '2026-11-23 20:13:13.83656+00', '2026-11-23 20:13:13.880795+00');


--
-- Data for Name: quarantine; Type: TABLE DATA; Schema: phaseshift; Owner: -
--



--
-- Data for Name: steps; Type: TABLE DATA; Schema: phaseshift; Owner: -
--

INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 1, 'create table public.post_insights', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 2, 'create table public.posts_content', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 3, 'create table public.posts_core', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 4, 'add foreign key post_insights_post_id_fkey on public.post_insights', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 5, 'add foreign key posts_content_post_id_fkey on public.posts_content', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 6, 'add foreign key posts_core_user_id_fkey on public.posts_core', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 1, 7, 'create index posts_core_user_id_created_at_idx on public.posts_core', '2026-11-23 20:13:13.841579+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 2, 1, 'sync writes on public.posts to public.posts_core, public.posts_content, public.post_insights', '2026-11-23 20:13:13.856085+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 3, 1, 'backfill public.posts_core from public.posts', '2026-11-23 20:13:13.865171+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 3, 2, 'backfill public.posts_content from public.posts', '2026-11-23 20:13:13.870459+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 3, 3, 'backfill public.post_insights from public.posts', '2026-11-23 20:13:13.875583+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 4, 1, 'check public.posts_core against public.posts (counts, checksums)', '2026-11-23 20:13:13.877618+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 4, 2, 'check public.posts_content against public.posts (counts, checksums)', '2026-11-23 20:13:13.878805+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 4, 3, 'check public.post_insights against public.posts (counts, checksums)', '2026-11-23 20:13:13.879836+00');
INSERT INTO phaseshift.steps VALUES ('split_posts', 5, 1, 'move public.posts to phaseshift_archive.posts; view public.posts takes its place', '2026-11-23 20:13:13.880795+00');


--
-- Data for Name: posts; Type: TABLE DATA; Schema: phaseshift_archive; Owner: -
--

INSERT INTO phaseshift_archive.posts VALUES (2, 3, 'post 2', 'text text ', 'published', 2, 2, '2025-01-01 02:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (3, 4, 'post 3', 'text text text ', 'published', 3, 3, '2025-01-01 03:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (4, 5, 'post 4', 'text text text text ', NULL, 4, 4, '2025-01-01 04:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (5, 6, 'post 5', 'text text text text text ', 'draft', 5, 5, '2025-01-01 05:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (6, 7, 'post 6', 'text text text text text text ', 'published', 6, 6, '2025-01-01 06:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (7, 8, 'post 7', 'text text text text text text text ', 'published', 7, 7, '2025-01-01 07:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (8, 9, 'post 8', 'text text text text text text text text ', NULL, 8, 8, '2025-01-01 08:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (9, 10, 'post 9', 'text text text text text text text text text ', 'draft', 9, 9, '2025-01-01 09:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (10, 11, 'post 10', 'text text text text text text text text text text ', 'published', 10, 10, '2025-01-01 10:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (11, 12, 'post 11', 'text text text text text text text text text text text ', 'published', 11, 11, '2025-01-01 11:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (12, 13, 'post 12', 'text text text text text text text text text text text text ', NULL, 12, 12, '2025-01-01 12:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (13, 14, 'post 13', 'text text text text text text text text text text text text text ', 'draft', 13, 13, '2025-01-01 13:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (14, 15, 'post 14', 'text text text text text text text text text text text text text text ', 'published', 14, 14, '2025-01-01 14:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (15, 16, 'post 15', 'text text text text text text text text text text text text text text text ', 'published', 15, 15, '2025-01-01 15:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (16, 17, 'post 16', 'text text text text text text text text text text text text text text text text ', NULL, 16, 16, '2025-01-01 16:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (17, 18, 'post 17', 'text text text text text text text text text text text text text text text text text ', 'draft', 17, 17, '2025-01-01 17:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (18, 19, 'post 18', 'text text text text text text text text text text text text text text text text text text ', 'published', 18, 18, '2025-01-01 18:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (19, 20, 'post 19', 'text text text text text text text text text text text text text text text text text text text ', 'published', 19, 19, '2025-01-01 19:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (20, 21, 'post 20', '', NULL, 20, 20, '2025-01-01 20:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (21, 22, 'post 21', 'text ', 'draft', 21, 21, '2025-01-01 21:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (22, 23, 'post 22', 'text text ', 'published', 22, 22, '2025-01-01 22:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (23, 24, 'post 23', 'text text text ', 'published', 23, 23, '2025-01-01 23:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (24, 25, 'post 24', 'text text text text ', NULL, 24, 24, '2025-01-02 00:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (25, 26, 'post 25', 'text text text text text ', 'draft', 25, 25, '2025-01-02 01:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (26, 27, 'post 26', 'text text text text text text ', 'published', 26, 26, '2025-01-02 02:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (27, 28, 'post 27', 'text text text text text text text ', 'published', 27, 27, '2025-01-02 03:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (28, 29, 'post 28', 'text text text text text text text text ', NULL, 28, 28, '2025-01-02 04:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (29, 30, 'post 29', 'text text text text text text text text text ', 'draft', 29, 29, '2025-01-02 05:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (30, 31, 'post 30', 'text text text text text text text text text text ', 'published', 30, 30, '2025-01-02 06:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (31, 32, 'post 31', 'text text text text text text text text text text text ', 'published', 31, 31, '2025-01-02 07:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (32, 33, 'post 32', 'text text text text text text text text text text text text ', NULL, 32, 32, '2025-01-02 08:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (33, 34, 'post 33', 'text text text text text text text text text text text text text ', 'draft', 33, 33, '2025-01-02 09:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (34, 35, 'post 34', 'text text text text text text text text text text text text text text ', 'published', 34, 34, '2025-01-02 10:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (35, 36, 'post 35', 'text text text text text text text text text text text text text text text ', 'published', 35, 35, '2025-01-02 11:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (36, 37, 'post 36', 'text text text text text text text text text text text text text text text text ', NULL, 36, 36, '2025-01-02 12:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (37, 38, 'post 37', 'text text text text text text text text text text text text text text text text text ', 'draft', 37, 37, '2025-01-02 13:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (38, 39, 'post 38', 'text text text text text text text text text text text text text text text text text text ', 'published', 38, 38, '2025-01-02 14:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (39, 40, 'post 39', 'text text text text text text text text text text text text text text text text text text text ', 'published', 39, 39, '2025-01-02 15:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (40, 41, 'post 40', '', NULL, 40, 40, '2025-01-02 16:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (41, 42, 'post 41', 'text ', 'draft', 41, 41, '2025-01-02 17:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (42, 43, 'post 42', 'text text ', 'published', 42, 42, '2025-01-02 18:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (43, 44, 'post 43', 'text text text ', 'published', 43, 43, '2025-01-02 19:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (44, 45, 'post 44', 'text text text text ', NULL, 44, 44, '2025-01-02 20:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (45, 46, 'post 45', 'text text text text text ', 'draft', 45, 45, '2025-01-02 21:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (46, 47, 'post 46', 'text text text text text text ', 'published', 46, 46, '2025-01-02 22:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (47, 48, 'post 47', 'text text text text text text text ', 'published', 47, 47, '2025-01-02 23:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (48, 49, 'post 48', 'text text text text text text text text ', NULL, 48, 48, '2025-01-03 00:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (49, 50, 'post 49', 'text text text text text text text text text ', 'draft', 49, 49, '2025-01-03 01:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (50, 1, 'post 50', 'text text text text text text text text text text ', 'published', 50, 50, '2025-01-03 02:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (51, 2, 'post 51', 'text text text text text text text text text text text ', 'published', 51, 51, '2025-01-03 03:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (52, 3, 'post 52', 'text text text text text text text text text text text text ', NULL, 52, 52, '2025-01-03 04:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (53, 4, 'post 53', 'text text text text text text text text text text text text text ', 'draft', 53, 53, '2025-01-03 05:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (54, 5, 'post 54', 'text text text text text text text text text text text text text text ', 'published', 54, 54, '2025-01-03 06:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (55, 6, 'post 55', 'text text text text text text text text text text text text text text text ', 'published', 55, 55, '2025-01-03 07:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (56, 7, 'post 56', 'text text text text text text text text text text text text text text text text ', NULL, 56, 56, '2025-01-03 08:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (57, 8, 'post 57', 'text text text text text text text text text text text text text text text text text ', 'draft', 57, 57, '2025-01-03 09:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (58, 9, 'post 58', 'text text text text text text text text text text text text text text text text text text ', 'published', 58, 58, '2025-01-03 10:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (59, 10, 'post 59', 'text text text text text text text text text text text text text text text text text text text ', 'published', 59, 59, '2025-01-03 11:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (60, 11, 'post 60', '', NULL, 60, 60, '2025-01-03 12:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (61, 12, 'post 61', 'text ', 'draft', 61, 61, '2025-01-03 13:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (62, 13, 'post 62', 'text text ', 'published', 62, 62, '2025-01-03 14:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (63, 14, 'post 63', 'text text text ', 'published', 63, 63, '2025-01-03 15:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (64, 15, 'post 64', 'text text text text ', NULL, 64, 64, '2025-01-03 16:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (65, 16, 'post 65', 'text text text text text ', 'draft', 65, 65, '2025-01-03 17:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (1, 2, 'post 1', 'text ', 'draft', 1000, 1, '2025-01-01 01:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (66, 17, 'post 66', 'text text text text text text ', 'published', 66, 66, '2025-01-03 18:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (67, 18, 'post 67', 'text text text text text text text ', 'published', 67, 67, '2025-01-03 19:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (68, 19, 'post 68', 'text text text text text text text text ', NULL, 68, 68, '2025-01-03 20:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (69, 20, 'post 69', 'text text text text text text text text text ', 'draft', 69, 69, '2025-01-03 21:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (70, 21, 'post 70', 'text text text text text text text text text text ', 'published', 70, 70, '2025-01-03 22:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (71, 22, 'post 71', 'text text text text text text text text text text text ', 'published', 71, 71, '2025-01-03 23:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (72, 23, 'post 72', 'text text text text text text text text text text text text ', NULL, 72, 72, '2025-01-04 00:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (73, 24, 'post 73', 'text text text text text text text text text text text text text ', 'draft', 73, 73, '2025-01-04 01:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (74, 25, 'post 74', 'text text text text text text text text text text text text text text ', 'published', 74, 74, '2025-01-04 02:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (75, 26, 'post 75', 'text text text text text text text text text text text text text text text ', 'published', 75, 75, '2025-01-04 03:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (76, 27, 'post 76', 'text text text text text text text text text text text text text text text text ', NULL, 76, 76, '2025-01-04 04:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (77, 28, 'post 77', 'text text text text text text text text text text text text text text text text text ', 'draft', 77, 77, '2025-01-04 05:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (78, 29, 'post 78', 'text text text text text text text text text text text text text text text text text text ', 'published', 78, 78, '2025-01-04 06:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (79, 30, 'post 79', 'text text text text text text text text text text text text text text text text text text text ', 'published', 79, 79, '2025-01-04 07:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (80, 31, 'post 80', '', NULL, 80, 80, '2025-01-04 08:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (81, 32, 'post 81', 'text ', 'draft', 81, 81, '2025-01-04 09:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (82, 33, 'post 82', 'text text ', 'published', 82, 82, '2025-01-04 10:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (83, 34, 'post 83', 'text text text ', 'published', 83, 83, '2025-01-04 11:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (84, 35, 'post 84', 'text text text text ', NULL, 84, 84, '2025-01-04 12:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (85, 36, 'post 85', 'text text text text text ', 'draft', 85, 85, '2025-01-04 13:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (86, 37, 'post 86', 'text text text text text text ', 'published', 86, 86, '2025-01-04 14:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (87, 38, 'post 87', 'text text text text text text text ', 'published', 87, 87, '2025-01-04 15:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (88, 39, 'post 88', 'text text text text text text text text ', NULL, 88, 88, '2025-01-04 16:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (89, 40, 'post 89', 'text text text text text text text text text ', 'draft', 89, 89, '2025-01-04 17:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (90, 41, 'post 90', 'text text text text text text text text text text ', 'published', 90, 90, '2025-01-04 18:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (91, 42, 'post 91', 'text text text text text text text text text text text ', 'published', 91, 91, '2025-01-04 19:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (92, 43, 'post 92', 'text text text text text text text text text text text text ', NULL, 92, 92, '2025-01-04 20:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (93, 44, 'post 93', 'text text text text text text text text text text text text text ', 'draft', 93, 93, '2025-01-04 21:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (94, 45, 'post 94', 'text text text text text text text text text text text text text text ', 'published', 94, 94, '2025-01-04 22:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (95, 46, 'post 95', 'text text text text text text text text text text text text text text text ', 'published', 95, 95, '2025-01-04 23:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (96, 47, 'post 96', 'text text text text text text text text text text text text text text text text ', NULL, 96, 96, '2025-01-05 00:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (97, 48, 'post 97', 'text text text text text text text text text text text text text text text text text ', 'draft', 0, 97, '2025-01-05 01:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (98, 49, 'post 98', 'text text text text text text text text text text text text text text text text text text ', 'published', 1, 98, '2025-01-05 02:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (99, 50, 'post 99', 'text text text text text text text text text text text text text text text text text text text ', 'published', 2, 99, '2025-01-05 03:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (100, 1, 'post 100', '', NULL, 3, 100, '2025-01-05 04:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (101, 2, 'post 101', 'text ', 'draft', 4, 101, '2025-01-05 05:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (102, 3, 'post 102', 'text text ', 'published', 5, 102, '2025-01-05 06:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (103, 4, 'post 103', 'text text text ', 'published', 6, 103, '2025-01-05 07:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (104, 5, 'post 104', 'text text text text ', NULL, 7, 104, '2025-01-05 08:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (105, 6, 'post 105', 'text text text text text ', 'draft', 8, 105, '2025-01-05 09:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (106, 7, 'post 106', 'text text text text text text ', 'published', 9, 106, '2025-01-05 10:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (107, 8, 'post 107', 'text text text text text text text ', 'published', 10, 107, '2025-01-05 11:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (108, 9, 'post 108', 'text text text text text text text text ', NULL, 11, 108, '2025-01-05 12:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (109, 10, 'post 109', 'text text text text text text text text text ', 'draft', 12, 109, '2025-01-05 13:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (110, 11, 'post 110', 'text text text text text text text text text text ', 'published', 13, 110, '2025-01-05 14:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (111, 12, 'post 111', 'text text text text text text text text text text text ', 'published', 14, 111, '2025-01-05 15:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (112, 13, 'post 112', 'text text text text text text text text text text text text ', NULL, 15, 112, '2025-01-05 16:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (113, 14, 'post 113', 'text text text text text text text text text text text text text ', 'draft', 16, 113, '2025-01-05 17:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (114, 15, 'post 114', 'text text text text text text text text text text text text text text ', 'published', 17, 114, '2025-01-05 18:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (115, 16, 'post 115', 'text text text text text text text text text text text text text text text ', 'published', 18, 115, '2025-01-05 19:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (116, 17, 'post 116', 'text text text text text text text text text text text text text text text text ', NULL, 19, 116, '2025-01-05 20:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (117, 18, 'post 117', 'text text text text text text text text text text text text text text text text text ', 'draft', 20, 117, '2025-01-05 21:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (118, 19, 'post 118', 'text text text text text text text text text text text text text text text text text text ', 'published', 21, 118, '2025-01-05 22:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (119, 20, 'post 119', 'text text text text text text text text text text text text text text text text text text text ', 'published', 22, 119, '2025-01-05 23:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (120, 21, 'post 120', '', NULL, 23, 120, '2025-01-06 00:00:00+00');
INSERT INTO phaseshift_archive.posts VALUES (3001, 7, 'written at phase 5 by the old application', 'kept', 'draft', 0, 0, '2026-11-23 20:13:13.924482+00');


--
-- Data for Name: post_insights; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.post_insights VALUES (2, 2, 2);
INSERT INTO public.post_insights VALUES (3, 3, 3);
INSERT INTO public.post_insights VALUES (4, 4, 4);
INSERT INTO public.post_insights VALUES (5, 5, 5);
INSERT INTO public.post_insights VALUES (6, 6, 6);
INSERT INTO public.post_insights VALUES (7, 7, 7);
INSERT INTO public.post_insights VALUES (8, 8, 8);
INSERT INTO public.post_insights VALUES (9, 9, 9);
INSERT INTO public.post_insights VALUES (10, 10, 10);
INSERT INTO public.post_insights VALUES (11, 11, 11);
INSERT INTO public.post_insights VALUES (12, 12, 12);
INSERT INTO public.post_insights VALUES (13, 13, 13);
INSERT INTO public.post_insights VALUES (14, 14, 14);
INSERT INTO public.post_insights VALUES (15, 15, 15);
INSERT INTO public.post_insights VALUES (16, 16, 16);
INSERT INTO public.post_insights VALUES (17, 17, 17);
INSERT INTO public.post_insights VALUES (18, 18, 18);
INSERT INTO public.post_insights VALUES (19, 19, 19);
INSERT INTO public.post_insights VALUES (20, 20, 20);
INSERT INTO public.post_insights VALUES (21, 21, 21);
INSERT INTO public.post_insights VALUES (22, 22, 22);
INSERT INTO public.post_insights VALUES (23, 23, 23);
INSERT INTO public.post_insights VALUES (24, 24, 24);
INSERT INTO public.post_insights VALUES (25, 25, 25);
INSERT INTO public.post_insights VALUES (26, 26, 26);
INSERT INTO public.post_insights VALUES (27, 27, 27);
INSERT INTO public.post_insights VALUES (28, 28, 28);
INSERT INTO public.post_insights VALUES (29, 29, 29);
INSERT INTO public.post_insights VALUES (30, 30, 30);
INSERT INTO public.post_insights VALUES (31, 31, 31);
INSERT INTO public.post_insights VALUES (32, 32, 32);
INSERT INTO public.post_insights VALUES (33, 33, 33);
INSERT INTO public.post_insights VALUES (34, 34, 34);
INSERT INTO public.post_insights VALUES (35, 35, 35);
INSERT INTO public.post_insights VALUES (36, 36, 36);
INSERT INTO public.post_insights VALUES (37, 37, 37);
INSERT INTO public.post_insights VALUES (38, 38, 38);
INSERT INTO public.post_insights VALUES (39, 39, 39);
INSERT INTO public.post_insights VALUES (40, 40, 40);
INSERT INTO public.post_insights VALUES (41, 41, 41);
INSERT INTO public.post_insights VALUES (42, 42, 42);
INSERT INTO public.post_insights VALUES (43, 43, 43);
INSERT INTO public.post_insights VALUES (44, 44, 44);
INSERT INTO public.post_insights VALUES (45, 45, 45);
INSERT INTO public.post_insights VALUES (46, 46, 46);
INSERT INTO public.post_insights VALUES (47, 47, 47);
INSERT INTO public.post_insights VALUES (48, 48, 48);
INSERT INTO public.post_insights VALUES (49, 49, 49);
INSERT INTO public.post_insights VALUES (50, 50, 50);
INSERT INTO public.post_insights VALUES (51, 51, 51);
INSERT INTO public.post_insights VALUES (52, 52, 52);
INSERT INTO public.post_insights VALUES (53, 53, 53);
INSERT INTO public.post_insights VALUES (54, 54, 54);
INSERT INTO public.post_insights VALUES (55, 55, 55);
INSERT INTO public.post_insights VALUES (56, 56, 56);
INSERT INTO public.post_insights VALUES (57, 57, 57);
INSERT INTO public.post_insights VALUES (58, 58, 58);
INSERT INTO public.post_insights VALUES (59, 59, 59);
INSERT INTO public.post_insights VALUES (60, 60, 60);
INSERT INTO public.post_insights VALUES (61, 61, 61);
INSERT INTO public.post_insights VALUES (62, 62, 62);
INSERT INTO public.post_insights VALUES (63, 63, 63);
INSERT INTO public.post_insights VALUES (64, 64, 64);
INSERT INTO public.post_insights VALUES (65, 65, 65);
INSERT INTO public.post_insights VALUES (66, 66, 66);
INSERT INTO public.post_insights VALUES (67, 67, 67);
INSERT INTO public.post_insights VALUES (68, 68, 68);
INSERT INTO public.post_insights VALUES (69, 69, 69);
INSERT INTO public.post_insights VALUES (70, 70, 70);
INSERT INTO public.post_insights VALUES (71, 71, 71);
INSERT INTO public.post_insights VALUES (72, 72, 72);
INSERT INTO public.post_insights VALUES (73, 73, 73);
INSERT INTO public.post_insights VALUES (74, 74, 74);
INSERT INTO public.post_insights VALUES (75, 75, 75);
INSERT INTO public.post_insights VALUES (76, 76, 76);
INSERT INTO public.post_insights VALUES (77, 77, 77);
INSERT INTO public.post_insights VALUES (78, 78, 78);
INSERT INTO public.post_insights VALUES (79, 79, 79);
INSERT INTO public.post_insights VALUES (80, 80, 80);
INSERT INTO public.post_insights VALUES (81, 81, 81);
INSERT INTO public.post_insights VALUES (82, 82, 82);
INSERT INTO public.post_insights VALUES (83, 83, 83);
INSERT INTO public.post_insights VALUES (84, 84, 84);
INSERT INTO public.post_insights VALUES (85, 85, 85);
INSERT INTO public.post_insights VALUES (86, 86, 86);
INSERT INTO public.post_insights VALUES (87, 87, 87);
INSERT INTO public.post_insights VALUES (88, 88, 88);
INSERT INTO public.post_insights VALUES (89, 89, 89);
INSERT INTO public.post_insights VALUES (90, 90, 90);
INSERT INTO public.post_insights VALUES (91, 91, 91);
INSERT INTO public.post_insights VALUES (92, 92, 92);
INSERT INTO public.post_insights VALUES (93, 93, 93);
INSERT INTO public.post_insights VALUES (94, 94, 94);
INSERT INTO public.post_insights VALUES (95, 95, 95);
INSERT INTO public.post_insights VALUES (96, 96, 96);
INSERT INTO public.post_insights VALUES (97, 0, 97);
INSERT INTO public.post_insights VALUES (98, 1, 98);
INSERT INTO public.post_insights VALUES (99, 2, 99);
INSERT INTO public.post_insights VALUES (100, 3, 100);
INSERT INTO public.post_insights VALUES (101, 4, 101);
INSERT INTO public.post_insights VALUES (102, 5, 102);
INSERT INTO public.post_insights VALUES (103, 6, 103);
INSERT INTO public.post_insights VALUES (104, 7, 104);
INSERT INTO public.post_insights VALUES (105, 8, 105);
INSERT INTO public.post_insights VALUES (106, 9, 106);
INSERT INTO public.post_insights VALUES (107, 10, 107);
INSERT INTO public.post_insights VALUES (108, 11, 108);
INSERT INTO public.post_insights VALUES (109, 12, 109);
INSERT INTO public.post_insights VALUES (110, 13, 110);
INSERT INTO public.post_insights VALUES (111, 14, 111);
INSERT INTO public.post_insights VALUES (112, 15, 112);
INSERT INTO public.post_insights VALUES (113, 16, 113);
INSERT INTO public.post_insights VALUES (114, 17, 114);
INSERT INTO public.post_insights VALUES (115, 18, 115);
INSERT INTO public.post_insights VALUES (116, 19, 116);
INSERT INTO public.post_insights VALUES (117, 20, 117);
INSERT INTO public.post_insights VALUES (118, 21, 118);
INSERT INTO public.post_insights VALUES (119, 22, 119);
INSERT INTO public.post_insights VALUES (120, 23, 120);
INSERT INTO public.post_insights VALUES (3001, 0, 0);
INSERT INTO public.post_insights VALUES (1, 1000, 1);


--
-- Data for Name: posts_content; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.posts_content VALUES (2, 'post 2', 'text text ');
INSERT INTO public.posts_content VALUES (3, 'post 3', 'text text text ');
INSERT INTO public.posts_content VALUES (4, 'post 4', 'text text text text ');
INSERT INTO public.posts_content VALUES (5, 'post 5', 'text text text text text ');
INSERT INTO public.posts_content VALUES (6, 'post 6', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (7, 'post 7', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (8, 'post 8', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (9, 'post 9', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (10, 'post 10', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (11, 'post 11', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (12, 'post 12', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (13, 'post 13', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (14, 'post 14', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (15, 'post 15', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (16, 'post 16', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (17, 'post 17', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (18, 'post 18', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (19, 'post 19', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (20, 'post 20', '');
INSERT INTO public.posts_content VALUES (21, 'post 21', 'text ');
INSERT INTO public.posts_content VALUES (22, 'post 22', 'text text ');
INSERT INTO public.posts_content VALUES (23, 'post 23', 'text text text ');
INSERT INTO public.posts_content VALUES (24, 'post 24', 'text text text text ');
INSERT INTO public.posts_content VALUES (25, 'post 25', 'text text text text text ');
INSERT INTO public.posts_content VALUES (26, 'post 26', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (27, 'post 27', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (28, 'post 28', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (29, 'post 29', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (30, 'post 30', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (31, 'post 31', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (32, 'post 32', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (33, 'post 33', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (34, 'post 34', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (35, 'post 35', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (36, 'post 36', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (37, 'post 37', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (38, 'post 38', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (39, 'post 39', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (40, 'post 40', '');
INSERT INTO public.posts_content VALUES (41, 'post 41', 'text ');
INSERT INTO public.posts_content VALUES (42, 'post 42', 'text text ');
INSERT INTO public.posts_content VALUES (43, 'post 43', 'text text text ');
INSERT INTO public.posts_content VALUES (44, 'post 44', 'text text text text ');
INSERT INTO public.posts_content VALUES (45, 'post 45', 'text text text text text ');
INSERT INTO public.posts_content VALUES (46, 'post 46', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (47, 'post 47', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (48, 'post 48', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (49, 'post 49', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (50, 'post 50', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (51, 'post 51', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (52, 'post 52', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (53, 'post 53', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (54, 'post 54', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (55, 'post 55', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (56, 'post 56', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (57, 'post 57', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (58, 'post 58', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (59, 'post 59', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (60, 'post 60', '');
INSERT INTO public.posts_content VALUES (61, 'post 61', 'text ');
INSERT INTO public.posts_content VALUES (62, 'post 62', 'text text ');
INSERT INTO public.posts_content VALUES (63, 'post 63', 'text text text ');
INSERT INTO public.posts_content VALUES (64, 'post 64', 'text text text text ');
INSERT INTO public.posts_content VALUES (65, 'post 65', 'text text text text text ');
INSERT INTO public.posts_content VALUES (66, 'post 66', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (67, 'post 67', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (68, 'post 68', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (69, 'post 69', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (70, 'post 70', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (71, 'post 71', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (72, 'post 72', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (73, 'post 73', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (74, 'post 74', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (75, 'post 75', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (76, 'post 76', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (77, 'post 77', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (78, 'post 78', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (79, 'post 79', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (80, 'post 80', '');
INSERT INTO public.posts_content VALUES (81, 'post 81', 'text ');
INSERT INTO public.posts_content VALUES (82, 'post 82', 'text text ');
INSERT INTO public.posts_content VALUES (83, 'post 83', 'text text text ');
INSERT INTO public.posts_content VALUES (84, 'post 84', 'text text text text ');
INSERT INTO public.posts_content VALUES (85, 'post 85', 'text text text text text ');
INSERT INTO public.posts_content VALUES (86, 'post 86', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (87, 'post 87', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (88, 'post 88', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (89, 'post 89', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (90, 'post 90', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (91, 'post 91', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (92, 'post 92', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (93, 'post 93', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (94, 'post 94', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (95, 'post 95', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (96, 'post 96', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (97, 'post 97', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (98, 'post 98', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (99, 'post 99', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (100, 'post 100', '');
INSERT INTO public.posts_content VALUES (101, 'post 101', 'text ');
INSERT INTO public.posts_content VALUES (102, 'post 102', 'text text ');
INSERT INTO public.posts_content VALUES (103, 'post 103', 'text text text ');
INSERT INTO public.posts_content VALUES (104, 'post 104', 'text text text text ');
INSERT INTO public.posts_content VALUES (105, 'post 105', 'text text text text text ');
INSERT INTO public.posts_content VALUES (106, 'post 106', 'text text text text text text ');
INSERT INTO public.posts_content VALUES (107, 'post 107', 'text text text text text text text ');
INSERT INTO public.posts_content VALUES (108, 'post 108', 'text text text text text text text text ');
INSERT INTO public.posts_content VALUES (109, 'post 109', 'text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (110, 'post 110', 'text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (111, 'post 111', 'text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (112, 'post 112', 'text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (113, 'post 113', 'text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (114, 'post 114', 'text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (115, 'post 115', 'text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (116, 'post 116', 'text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (117, 'post 117', 'text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (118, 'post 118', 'text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (119, 'post 119', 'text text text text text text text text text text text text text text text text text text text ');
INSERT INTO public.posts_content VALUES (120, 'post 120', '');
INSERT INTO public.posts_content VALUES (3001, 'written at phase 5 by the old application', 'kept');
INSERT INTO public.posts_content VALUES (1, 'post 1', 'text ');


--
-- Data for Name: posts_core; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.posts_core VALUES (2, 3, 'published', '2025-01-01 02:00:00+00');
INSERT INTO public.posts_core VALUES (3, 4, 'published', '2025-01-01 03:00:00+00');
INSERT INTO public.posts_core VALUES (4, 5, NULL, '2025-01-01 04:00:00+00');
INSERT INTO public.posts_core VALUES (5, 6, 'draft', '2025-01-01 05:00:00+00');
INSERT INTO public.posts_core VALUES (6, 7, 'published', '2025-01-01 06:00:00+00');
INSERT INTO public.posts_core VALUES (7, 8, 'published', '2025-01-01 07:00:00+00');
INSERT INTO public.posts_core VALUES (8, 9, NULL, '2025-01-01 08:00:00+00');
INSERT INTO public.posts_core VALUES (9, 10, 'draft', '2025-01-01 09:00:00+00');
INSERT INTO public.posts_core VALUES (10, 11, 'published', '2025-01-01 10:00:00+00');
INSERT INTO public.posts_core VALUES (11, 12, 'published', '2025-01-01 11:00:00+00');
INSERT INTO public.posts_core VALUES (12, 13, NULL, '2025-01-01 12:00:00+00');
INSERT INTO public.posts_core VALUES (13, 14, 'draft', '2025-01-01 13:00:00+00');
INSERT INTO public.posts_core VALUES (14, 15, 'published', '2025-01-01 14:00:00+00');
INSERT INTO public.posts_core VALUES (15, 16, 'published', '2025-01-01 15:00:00+00');
INSERT INTO public.posts_core VALUES (16, 17, NULL, '2025-01-01 16:00:00+00');
INSERT INTO public.posts_core VALUES (17, 18, 'draft', '2025-01-01 17:00:00+00');
INSERT INTO public.posts_core VALUES (18, 19, 'published', '2025-01-01 18:00:00+00');
INSERT INTO public.posts_core VALUES (19, 20, 'published', '2025-01-01 19:00:00+00');
INSERT INTO public.posts_core VALUES (20, 21, NULL, '2025-01-01 20:00:00+00');
INSERT INTO public.posts_core VALUES (21, 22, 'draft', '2025-01-01 21:00:00+00');
INSERT INTO public.posts_core VALUES (22, 23, 'published', '2025-01-01 22:00:00+00');
INSERT INTO public.posts_core VALUES (23, 24, 'published', '2025-01-01 23:00:00+00');
INSERT INTO public.posts_core VALUES (24, 25, NULL, '2025-01-02 00:00:00+00');
INSERT INTO public.posts_core VALUES (25, 26, 'draft', '2025-01-02 01:00:00+00');
INSERT INTO public.posts_core VALUES (26, 27, 'published', '2025-01-02 02:00:00+00');
INSERT INTO public.posts_core VALUES (27, 28, 'published', '2025-01-02 03:00:00+00');
INSERT INTO public.posts_core VALUES (28, 29, NULL, '2025-01-02 04:00:00+00');
INSERT INTO public.posts_core VALUES (29, 30, 'draft', '2025-01-02 05:00:00+00');
INSERT INTO public.posts_core VALUES (30, 31, 'published', '2025-01-02 06:00:00+00');
INSERT INTO public.posts_core VALUES (31, 32, 'published', '2025-01-02 07:00:00+00');
INSERT INTO public.posts_core VALUES (32, 33, NULL, '2025-01-02 08:00:00+00');
INSERT INTO public.posts_core VALUES (33, 34, 'draft', '2025-01-02 09:00:00+00');
INSERT INTO public.posts_core VALUES (34, 35, 'published', '2025-01-02 10:00:00+00');
INSERT INTO public.posts_core VALUES (35, 36, 'published', '2025-01-02 11:00:00+00');
INSERT INTO public.posts_core VALUES (36, 37, NULL, '2025-01-02 12:00:00+00');
INSERT INTO public.posts_core VALUES (37, 38, 'draft', '2025-01-02 13:00:00+00');
INSERT INTO public.posts_core VALUES (38, 39, 'published', '2025-01-02 14:00:00+00');
INSERT INTO public.posts_core VALUES (39, 40, 'published', '2025-01-02 15:00:00+00');
INSERT INTO public.posts_core VALUES (40, 41, NULL, '2025-01-02 16:00:00+00');
INSERT INTO public.posts_core VALUES (41, 42, 'draft', '2025-01-02 17:00:00+00');
INSERT INTO public.posts_core VALUES (42, 43, 'published', '2025-01-02 18:00:00+00');
INSERT INTO public.posts_core VALUES (43, 44, 'published', '2025-01-02 19:00:00+00');
INSERT INTO public.posts_core VALUES (44, 45, NULL, '2025-01-02 20:00:00+00');
INSERT INTO public.posts_core VALUES (45, 46, 'draft', '2025-01-02 21:00:00+00');
INSERT INTO public.posts_core VALUES (46, 47, 'published', '2025-01-02 22:00:00+00');
INSERT INTO public.posts_core VALUES (47, 48, 'published', '2025-01-02 23:00:00+00');
INSERT INTO public.posts_core VALUES (48, 49, NULL, '2025-01-03 00:00:00+00');
INSERT INTO public.posts_core VALUES (49, 50, 'draft', '2025-01-03 01:00:00+00');
INSERT INTO public.posts_core VALUES (50, 1, 'published', '2025-01-03 02:00:00+00');
INSERT INTO public.posts_core VALUES (51, 2, 'published', '2025-01-03 03:00:00+00');
INSERT INTO public.posts_core VALUES (52, 3, NULL, '2025-01-03 04:00:00+00');
INSERT INTO public.posts_core VALUES (53, 4, 'draft', '2025-01-03 05:00:00+00');
INSERT INTO public.posts_core VALUES (54, 5, 'published', '2025-01-03 06:00:00+00');
INSERT INTO public.posts_core VALUES (55, 6, 'published', '2025-01-03 07:00:00+00');
INSERT INTO public.posts_core VALUES (56, 7, NULL, '2025-01-03 08:00:00+00');
INSERT INTO public.posts_core VALUES (57, 8, 'draft', '2025-01-03 09:00:00+00');
INSERT INTO public.posts_core VALUES (58, 9, 'published', '2025-01-03 10:00:00+00');
INSERT INTO public.posts_core VALUES (59, 10, 'published', '2025-01-03 11:00:00+00');
INSERT INTO public.posts_core VALUES (60, 11, NULL, '2025-01-03 12:00:00+00');
INSERT INTO public.posts_core VALUES (61, 12, 'draft', '2025-01-03 13:00:00+00');
INSERT INTO public.posts_core VALUES (62, 13, 'published', '2025-01-03 14:00:00+00');
INSERT INTO public.posts_core VALUES (63, 14, 'published', '2025-01-03 15:00:00+00');
INSERT INTO public.posts_core VALUES (64, 15, NULL, '2025-01-03 16:00:00+00');
INSERT INTO public.posts_core VALUES (65, 16, 'draft', '2025-01-03 17:00:00+00');
INSERT INTO public.posts_core VALUES (66, 17, 'published', '2025-01-03 18:00:00+00');
INSERT INTO public.posts_core VALUES (67, 18, 'published', '2025-01-03 19:00:00+00');
INSERT INTO public.posts_core VALUES (68, 19, NULL, '2025-01-03 20:00:00+00');
INSERT INTO public.posts_core VALUES (69, 20, 'draft', '2025-01-03 21:00:00+00');
INSERT INTO public.posts_core VALUES (70, 21, 'published', '2025-01-03 22:00:00+00');
INSERT INTO public.posts_core VALUES (71, 22, 'published', '2025-01-03 23:00:00+00');
INSERT INTO public.posts_core VALUES (72, 23, NULL, '2025-01-04 00:00:00+00');
INSERT INTO public.posts_core VALUES (73, 24, 'draft', '2025-01-04 01:00:00+00');
INSERT INTO public.posts_core VALUES (74, 25, 'published', '2025-01-04 02:00:00+00');
INSERT INTO public.posts_core VALUES (75, 26, 'published', '2025-01-04 03:00:00+00');
INSERT INTO public.posts_core VALUES (76, 27, NULL, '2025-01-04 04:00:00+00');
INSERT INTO public.posts_core VALUES (77, 28, 'draft', '2025-01-04 05:00:00+00');
INSERT INTO public.posts_core VALUES (78, 29, 'published', '2025-01-04 06:00:00+00');
INSERT INTO public.posts_core VALUES (79, 30, 'published', '2025-01-04 07:00:00+00');
INSERT INTO public.posts_core VALUES (80, 31, NULL, '2025-01-04 08:00:00+00');
INSERT INTO public.posts_core VALUES (81, 32, 'draft', '2025-01-04 09:00:00+00');
INSERT INTO public.posts_core VALUES (82, 33, 'published', '2025-01-04 10:00:00+00');
INSERT INTO public.posts_core VALUES (83, 34, 'published', '2025-01-04 11:00:00+00');
INSERT INTO public.posts_core VALUES (84, 35, NULL, '2025-01-04 12:00:00+00');
INSERT INTO public.posts_core VALUES (85, 36, 'draft', '2025-01-04 13:00:00+00');
INSERT INTO public.posts_core VALUES (86, 37, 'published', '2025-01-04 14:00:00+00');
INSERT INTO public.posts_core VALUES (87, 38, 'published', '2025-01-04 15:00:00+00');
INSERT INTO public.posts_core VALUES (88, 39, NULL, '2025-01-04 16:00:00+00');
INSERT INTO public.posts_core VALUES (89, 40, 'draft', '2025-01-04 17:00:00+00');
INSERT INTO public.posts_core VALUES (90, 41, 'published', '2025-01-04 18:00:00+00');
INSERT INTO public.posts_core VALUES (91, 42, 'published', '2025-01-04 19:00:00+00');
INSERT INTO public.posts_core VALUES (92, 43, NULL, '2025-01-04 20:00:00+00');
INSERT INTO public.posts_core VALUES (93, 44, 'draft', '2025-01-04 21:00:00+00');
INSERT INTO public.posts_core VALUES (94, 45, 'published', '2025-01-04 22:00:00+00');
INSERT INTO public.posts_core VALUES (95, 46, 'published', '2025-01-04 23:00:00+00');
INSERT INTO public.posts_core VALUES (96, 47, NULL, '2025-01-05 00:00:00+00');
INSERT INTO public.posts_core VALUES (97, 48, 'draft', '2025-01-05 01:00:00+00');
INSERT INTO public.posts_core VALUES (98, 49, 'published', '2025-01-05 02:00:00+00');
INSERT INTO public.posts_core VALUES (99, 50, 'published', '2025-01-05 03:00:00+00');
INSERT INTO public.posts_core VALUES (100, 1, NULL, '2025-01-05 04:00:00+00');
INSERT INTO public.posts_core VALUES (101, 2, 'draft', '2025-01-05 05:00:00+00');
INSERT INTO public.posts_core VALUES (102, 3, 'published', '2025-01-05 06:00:00+00');
INSERT INTO public.posts_core VALUES (103, 4, 'published', '2025-01-05 07:00:00+00');
INSERT INTO public.posts_core VALUES (104, 5, NULL, '2025-01-05 08:00:00+00');
INSERT INTO public.posts_core VALUES (105, 6, 'draft', '2025-01-05 09:00:00+00');
INSERT INTO public.posts_core VALUES (106, 7, 'published', '2025-01-05 10:00:00+00');
INSERT INTO public.posts_core VALUES (107, 8, 'published', '2025-01-05 11:00:00+00');
INSERT INTO public.posts_core VALUES (108, 9, NULL, '2025-01-05 12:00:00+00');
INSERT INTO public.posts_core VALUES (109, 10, 'draft', '2025-01-05 13:00:00+00');
INSERT INTO public.posts_core VALUES (110, 11, 'published', '2025-01-05 14:00:00+00');
INSERT INTO public.posts_core VALUES (111, 12, 'published', '2025-01-05 15:00:00+00');
INSERT INTO public.posts_core VALUES (112, 13, NULL, '2025-01-05 16:00:00+00');
INSERT INTO public.posts_core VALUES (113, 14, 'draft', '2025-01-05 17:00:00+00');
INSERT INTO public.posts_core VALUES (114, 15, 'published', '2025-01-05 18:00:00+00');
INSERT INTO public.posts_core VALUES (115, 16, 'published', '2025-01-05 19:00:00+00');
INSERT INTO public.posts_core VALUES (116, 17, NULL, '2025-01-05 20:00:00+00');
INSERT INTO public.posts_core VALUES (117, 18, 'draft', '2025-01-05 21:00:00+00');
INSERT INTO public.posts_core VALUES (118, 19, 'published', '2025-01-05 22:00:00+00');
INSERT INTO public.posts_core VALUES (119, 20, 'published', '2025-01-05 23:00:00+00');
INSERT INTO public.posts_core VALUES (120, 21, NULL, '2025-01-06 00:00:00+00');
INSERT INTO public.posts_core VALUES (3001, 7, 'draft', '2026-11-23 20:13:13.924482+00');
INSERT INTO public.posts_core VALUES (1, 2, 'draft', '2025-01-01 01:00:00+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES (1, 'user 1');
INSERT INTO public.users VALUES (2, 'user 2');
INSERT INTO public.users VALUES (3, 'user 3');
INSERT INTO public.users VALUES (4, 'user 4');
INSERT INTO public.users VALUES (5, 'user 5');
INSERT INTO public.users VALUES (6, 'user 6');
INSERT INTO public.users VALUES (7, 'user 7');
INSERT INTO public.users VALUES (8, 'user 8');
INSERT INTO public.users VALUES (9, 'user 9');
INSERT INTO public.users VALUES (10, 'user 10');
INSERT INTO public.users VALUES (11, 'user 11');
INSERT INTO public.users VALUES (12, 'user 12');
INSERT INTO public.users VALUES (13, 'user 13');
INSERT INTO public.users VALUES (14, 'user 14');
INSERT INTO public.users VALUES (15, 'user 15');
INSERT INTO public.users VALUES (16, 'user 16');
INSERT INTO public.users VALUES (17, 'user 17');
INSERT INTO public.users VALUES (18, 'user 18');
INSERT INTO public.users VALUES (19, 'user 19');
INSERT INTO public.users VALUES (20, 'user 20');
INSERT INTO public.users VALUES (21, 'user 21');
INSERT INTO public.users VALUES (22, 'user 22');
INSERT INTO public.users VALUES (23, 'user 23');
INSERT INTO public.users VALUES (24, 'user 24');
INSERT INTO public.users VALUES (25, 'user 25');
INSERT INTO public.users VALUES (26, 'user 26');
INSERT INTO public.users VALUES (27, 'user 27');
INSERT INTO public.users VALUES (28, 'user 28');
INSERT INTO public.users VALUES (29, 'user 29');
INSERT INTO public.users VALUES (30, 'user 30');
INSERT INTO public.users VALUES (31, 'user 31');
INSERT INTO public.users VALUES (32, 'user 32');
INSERT INTO public.users VALUES (33, 'user 33');
INSERT INTO public.users VALUES (34, 'user 34');
INSERT INTO public.users VALUES (35, 'user 35');
INSERT INTO public.users VALUES (36, 'user 36');
INSERT INTO public.users VALUES (37, 'user 37');
INSERT INTO public.users VALUES (38, 'user 38');
INSERT INTO public.users VALUES (39, 'user 39');
INSERT INTO public.users VALUES (40, 'user 40');
INSERT INTO public.users VALUES (41, 'user 41');
INSERT INTO public.users VALUES (42, 'user 42');
INSERT INTO public.users VALUES (43, 'user 43');
INSERT INTO public.users VALUES (44, 'user 44');
INSERT INTO public.users VALUES (45, 'user 45');
INSERT INTO public.users VALUES (46, 'user 46');
INSERT INTO public.users VALUES (47, 'user 47');
INSERT INTO public.users VALUES (48, 'user 48');
INSERT INTO public.users VALUES (49, 'user 49');
INSERT INTO public.users VALUES (50, 'user 50');


--
-- Name: history_id_seq; Type: SEQUENCE SET; Schema: phaseshift; Owner: -
--

SELECT pg_catalog.setval('phaseshift.history_id_seq', 5, true);


--
-- Name: migrations_seq_seq; Type: SEQUENCE SET; Schema: phaseshift; Owner: -
--

SELECT pg_catalog.setval('phaseshift.migrations_seq_seq', 1, true);


--
-- Name: quarantine_id_seq; Type: SEQUENCE SET; Schema: phaseshift; Owner: -
--

SELECT pg_catalog.setval('phaseshift.quarantine_id_seq', 1, false);


--
-- Name: posts_id_seq; Type: SEQUENCE SET; Schema: phaseshift_archive; Owner: -
--

SELECT pg_catalog.setval('phaseshift_archive.posts_id_seq', 3001, true);


--
-- Name: after_contract after_contract_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.after_contract
    ADD CONSTRAINT after_contract_pkey PRIMARY KEY (migration, view, key);


--
-- Name: backfill_progress backfill_progress_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.backfill_progress
    ADD CONSTRAINT backfill_progress_pkey PRIMARY KEY (migration, backfill);


--
-- Name: contract_logs contract_logs_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.contract_logs
    ADD CONSTRAINT contract_logs_pkey PRIMARY KEY (trigger, target);


--
-- Name: history history_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.history
    ADD CONSTRAINT history_pkey PRIMARY KEY (id);


--
-- Name: migrations migrations_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.migrations
    ADD CONSTRAINT migrations_pkey PRIMARY KEY (name);


--
-- Name: quarantine quarantine_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.quarantine
    ADD CONSTRAINT quarantine_pkey PRIMARY KEY (id);


--
-- Name: steps steps_pkey; Type: CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.steps
    ADD CONSTRAINT steps_pkey PRIMARY KEY (migration, phase, step);


--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: phaseshift_archive; Owner: -
--

ALTER TABLE ONLY phaseshift_archive.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);


--
-- Name: post_insights post_insights_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_insights
    ADD CONSTRAINT post_insights_pkey PRIMARY KEY (post_id);


--
-- Name: posts_content posts_content_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_content
    ADD CONSTRAINT posts_content_pkey PRIMARY KEY (post_id);


--
-- Name: posts_core posts_core_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_core
    ADD CONSTRAINT posts_core_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: quarantine_key_idx; Type: INDEX; Schema: phaseshift; Owner: -
--

CREATE INDEX quarantine_key_idx ON phaseshift.quarantine USING btree (target, source_key);


--
-- Name: quarantine_migration_idx; Type: INDEX; Schema: phaseshift; Owner: -
--

CREATE INDEX quarantine_migration_idx ON phaseshift.quarantine USING btree (migration);


--
-- Name: posts_user_id_idx; Type: INDEX; Schema: phaseshift_archive; Owner: -
--

CREATE INDEX posts_user_id_idx ON phaseshift_archive.posts USING btree (user_id);


--
-- Name: posts_core_user_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_core_user_id_created_at_idx ON public.posts_core USING btree (user_id, created_at);


--
-- Name: posts phaseshift_sync_fa21ec3d; Type: TRIGGER; Schema: phaseshift_archive; Owner: -
--

CREATE TRIGGER phaseshift_sync_fa21ec3d AFTER INSERT OR DELETE OR UPDATE ON phaseshift_archive.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.sync_fa21ec3d();


--
-- Name: posts phaseshift_compat; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER phaseshift_compat INSTEAD OF INSERT OR DELETE OR UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION phaseshift.compat_fa21ec3d();


--
-- Name: posts_content phaseshift_reverse_b2490149; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER phaseshift_reverse_b2490149 AFTER INSERT OR DELETE OR UPDATE ON public.posts_content FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_b2490149();


--
-- Name: posts_core phaseshift_reverse_d1ce293b; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER phaseshift_reverse_d1ce293b AFTER INSERT OR DELETE OR UPDATE ON public.posts_core FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_d1ce293b();


--
-- Name: post_insights phaseshift_reverse_ea7b53a2; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER phaseshift_reverse_ea7b53a2 AFTER INSERT OR DELETE OR UPDATE ON public.post_insights FOR EACH ROW EXECUTE FUNCTION phaseshift.reverse_ea7b53a2();


--
-- Name: steps steps_migration_fkey; Type: FK CONSTRAINT; Schema: phaseshift; Owner: -
--

ALTER TABLE ONLY phaseshift.steps
    ADD CONSTRAINT steps_migration_fkey FOREIGN KEY (migration) REFERENCES phaseshift.migrations(name) ON DELETE CASCADE;


--
-- Name: posts posts_user_id_fkey; Type: FK CONSTRAINT; Schema: phaseshift_archive; Owner: -
--

ALTER TABLE ONLY phaseshift_archive.posts
    ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: post_insights post_insights_post_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_insights
    ADD CONSTRAINT post_insights_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core(id) ON DELETE CASCADE;


--
-- Name: posts_content posts_content_post_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_content
    ADD CONSTRAINT posts_content_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts_core(id) ON DELETE CASCADE;


--
-- Name: posts_core posts_core_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_core
    ADD CONSTRAINT posts_core_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- PostgreSQL database dump complete
--


