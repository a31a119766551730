#!/bin/sh
# Run by the postgres image when it makes the primary's data folder: replication connections from
# other containers (db-replica's pg_basebackup and streaming), with the same password check as the rest.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
