/// Payloads in the shapes the providers document (trimmed to the fields a receiver reads
/// plus some of the rest), for the repository `example/config` and image `example/app`.
enum Payloads {
    static let githubPush = """
        {
          "ref": "refs/heads/main",
          "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
          "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
          "created": false, "deleted": false, "forced": false, "base_ref": null,
          "compare": "https://github.com/example/config/compare/6113728f27ae...0d1a26e67d8f",
          "commits": [{"id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "Bump web", "added": [], "removed": [], "modified": ["apps/web.yaml"]}],
          "repository": {
            "id": 186853002, "name": "config", "full_name": "example/config", "private": true,
            "html_url": "https://github.com/example/config", "url": "https://github.com/example/config",
            "git_url": "git://github.com/example/config.git", "ssh_url": "git@github.com:example/config.git",
            "clone_url": "https://github.com/example/config.git", "default_branch": "main"
          },
          "pusher": {"name": "octo", "email": "octo@example.com"},
          "sender": {"login": "octo", "id": 1}
        }
        """

    static let githubPing = """
        {"zen": "Design for failure.", "hook_id": 30, "hook": {"type": "Repository", "id": 30, "active": true, "events": ["push"]},
         "repository": {"full_name": "example/config"}, "sender": {"login": "octo"}}
        """

    static let githubPackage = """
        {
          "action": "published",
          "package": {
            "id": 10696, "name": "app", "namespace": "example", "ecosystem": "CONTAINER", "package_type": "CONTAINER",
            "html_url": "https://github.com/example/app/pkgs/container/app",
            "owner": {"login": "example", "type": "Organization"},
            "package_version": {
              "id": 57755790, "version": "sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498",
              "container_metadata": {"tag": {"name": "1.4.0", "digest": "sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498"}},
              "package_url": "ghcr.io/example/app:1.4.0"
            },
            "registry": {"name": "GitHub CONTAINER registry", "type": "CONTAINER", "url": "https://CONTAINER.pkg.github.com/example", "vendor": "GitHub Inc"}
          },
          "repository": {"full_name": "example/app"},
          "sender": {"login": "octo"}
        }
        """

    static let gitlabPush = """
        {
          "object_kind": "push", "event_name": "push",
          "before": "95790bf891e76fee5e1747ab589903a6a1f80f22", "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "ref": "refs/heads/main", "ref_protected": true,
          "checkout_sha": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "user_id": 4, "user_name": "John Smith", "user_username": "jsmith", "project_id": 15,
          "project": {
            "id": 15, "name": "config", "web_url": "https://gitlab.example.com/example/config",
            "git_ssh_url": "git@gitlab.example.com:example/config.git",
            "git_http_url": "https://gitlab.example.com/example/config.git",
            "namespace": "example", "path_with_namespace": "example/config", "default_branch": "main"
          },
          "commits": [], "total_commits_count": 1,
          "repository": {
            "name": "config", "url": "git@gitlab.example.com:example/config.git",
            "homepage": "https://gitlab.example.com/example/config",
            "git_http_url": "https://gitlab.example.com/example/config.git",
            "git_ssh_url": "git@gitlab.example.com:example/config.git"
          }
        }
        """

    static let bitbucketCloudPush = """
        {
          "push": {"changes": [{
            "forced": false, "created": false, "closed": false, "truncated": false,
            "old": {"type": "branch", "name": "main", "target": {"hash": "2269f06c06bebc4f4da528a4144390fddd2cc190", "type": "commit"}},
            "new": {"type": "branch", "name": "main", "target": {"hash": "6db247ef432063e73512b86edf7b4a72da927355", "type": "commit", "message": "Bump web\\n"}}
          }]},
          "repository": {
            "scm": "git", "name": "config", "full_name": "example/config", "type": "repository", "is_private": true,
            "links": {"html": {"href": "https://bitbucket.org/example/config"}},
            "uuid": "{6cf7f1fc-003b-4e82-9a31-352d506530b0}"
          },
          "actor": {"display_name": "Example", "type": "user"}
        }
        """

    static let bitbucketServerPush = """
        {
          "eventKey": "repo:refs_changed", "date": "2026-01-09T18:22:47-0800",
          "actor": {"name": "admin", "displayName": "Admin", "type": "NORMAL"},
          "repository": {
            "slug": "config", "id": 4544, "name": "config", "scmId": "git", "state": "AVAILABLE",
            "project": {"key": "EX", "name": "Example"},
            "links": {"clone": [
              {"href": "https://bitbucket.example.com/scm/ex/config.git", "name": "http"},
              {"href": "ssh://git@bitbucket.example.com:7999/ex/config.git", "name": "ssh"}
            ]}
          },
          "changes": [{
            "ref": {"id": "refs/heads/main", "displayId": "main", "type": "BRANCH"},
            "refId": "refs/heads/main", "fromHash": "0000000000000000000000000000000000000000",
            "toHash": "a93eaf9b94009af4bad03d929185393672a1d788", "type": "UPDATE"
          }]
        }
        """

    static let dockerHubPush = """
        {
          "callback_url": "https://registry.hub.docker.com/u/example/app/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/",
          "push_data": {"pushed_at": 1.417566161e+09, "pusher": "trustedbuilder", "tag": "1.4.0"},
          "repository": {
            "comment_count": 0, "date_created": 1.417494799e+09, "description": "", "is_official": false,
            "is_private": true, "is_trusted": true, "name": "app", "namespace": "example", "owner": "example",
            "repo_name": "example/app", "repo_url": "https://registry.hub.docker.com/u/example/app/",
            "star_count": 0, "status": "Active"
          }
        }
        """

    static let harborPush = """
        {
          "type": "PUSH_ARTIFACT", "occur_at": 1586922308, "operator": "admin",
          "event_data": {
            "resources": [{"digest": "sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8", "tag": "1.4.0",
                           "resource_url": "harbor.example.com/example/app:1.4.0"}],
            "repository": {"date_created": 1586922308, "name": "app", "namespace": "example", "repo_full_name": "example/app", "repo_type": "private"}
          }
        }
        """

    static let quayPush = """
        {
          "name": "app", "repository": "example/app", "namespace": "example",
          "docker_url": "quay.io/example/app", "homepage": "https://quay.io/repository/example/app",
          "updated_tags": ["1.4.0"]
        }
        """
}
