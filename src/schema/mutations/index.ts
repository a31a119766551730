// Writes: each mutation needs an API key with the `write` scope (admin ones `admin`), validates
// its input at the edge, runs in one transaction and appends WriteHistory.
import './errors.js'
import './versions.js'
import './company.js'
import './asset.js'
import './cloud-provider.js'
import './source.js'
import './agreement-create.js'
import './agreement-amend.js'
import './status.js'
import './api-keys.js'
import './deal.js'
