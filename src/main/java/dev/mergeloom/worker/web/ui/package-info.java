/**
 * The server-rendered UI (Handlebars templates under {@code webroot/templates}, assets under
 * {@code webroot/static}). Forms post to these routes, become the JSON API's request bodies and
 * go through the same services, so the UI and the API can never validate differently.
 */
package dev.mergeloom.worker.web.ui;
