// App Service plan (Linux) and the web app that serves the bot (/api/messages), the tab (/),
// the JSON API (/api/...) and /healthz. Several instances share PostgreSQL; timers and tab
// updates are coordinated through the database, so no session affinity is needed.

param name string
param location string
param tags object
param workspaceId string

param skuName string
param instanceCount int
param nodeVersion string
param startupCommand string
@description('Host name Teams uses to reach the app, e.g. marac.example.gov.uk. Empty: the default *.azurewebsites.net host.')
param customDomain string
@description('Subnet for regional VNet integration (private PostgreSQL). Empty: none.')
param appSubnetId string

param keyVaultName string
param appInsightsConnectionString string

param botAppId string
param botTenantId string
param allowedTenantIds string
param bootstrapAdminObjectIds string
param teamsAppId string
param entraAuthorityHost string
param graphBaseUrl string
param logLevel string
param reminderHourUtc int

var names = loadJsonContent('../secret-names.json')
var kvRef = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName='

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      appCommandLine: startupCommand
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      webSocketsEnabled: true
      // Only private (RFC 1918) traffic goes through the VNet; Teams, Bot Framework and Graph stay direct.
      vnetRouteAllEnabled: false
    }
  }
}

// Key Vault Secrets User for the web app's managed identity, on this vault only.
var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, site.id, secretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

var publicHost = empty(customDomain) ? site.properties.defaultHostName : customDomain

// Every name below is a configuration key read by src/config.ts (checked by infra/test), except
// the App Service platform settings listed in infra/test as such. Secrets are Key Vault references.
var appSettings = {
  NODE_ENV: 'production'
  PORT: '8080'
  PUBLIC_BASE_URL: 'https://${publicHost}'
  DATABASE_URL: '${kvRef}${names.databaseUrl})'
  DATA_ENCRYPTION_KEY: '${kvRef}${names.dataEncryptionKey})'
  AUDIT_MAC_KEY: '${kvRef}${names.auditMacKey})'
  MicrosoftAppId: botAppId
  MicrosoftAppPassword: '${kvRef}${names.botAppPassword})'
  MicrosoftAppType: 'SingleTenant'
  MicrosoftAppTenantId: botTenantId
  ALLOWED_TENANT_IDS: empty(allowedTenantIds) ? botTenantId : allowedTenantIds
  BOOTSTRAP_ADMIN_OBJECT_IDS: bootstrapAdminObjectIds
  ENTRA_AUTHORITY_HOST: entraAuthorityHost
  GRAPH_BASE_URL: graphBaseUrl
  TEAMS_APP_ID: teamsAppId
  DEV_SIGN_IN: 'off'
  SEED_DEMO: 'off'
  LOG_LEVEL: logLevel
  REMINDER_HOUR_UTC: string(reminderHourUtc)
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Platform: the deploy stage uploads a built tree (npm ci + build on the deploying machine).
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

// Applied after the role assignment, so the restart this causes resolves the Key Vault references.
resource settings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
  dependsOn: [
    readSecrets
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceAppLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output siteName string = site.name
output resourceId string = site.id
output defaultHostName string = site.properties.defaultHostName
output publicHost string = publicHost
output principalId string = site.identity.principalId
