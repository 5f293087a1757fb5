"""The routes: one blueprint a module, siblings that import no other route (an import-linter
contract). What they share lives beside them: ``afgld.web.answer`` (one way to answer),
``afgld.web.extension`` (settings, store, site), ``afgld.web.views`` (view models)."""
