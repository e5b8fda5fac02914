/**
 * Review requests on the forges a work repository lives on: GitHub (github.com and Enterprise
 * Server), GitLab (gitlab.com and self-managed), Gitea and Forgejo, and Azure Repos. One client
 * finds the open request for a branch, updates it or opens one, over the forge's REST API.
 */
package dev.mergeloom.worker.forge;
