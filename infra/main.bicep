// MARAC for Teams: Azure resources for one environment, deployed into one resource group.
//
//   App Service (Linux, Node LTS, system-assigned identity, several instances, /healthz)
//   Azure Bot (single tenant) + Microsoft Teams channel, endpoint https://<host>/api/messages
//   Azure Database for PostgreSQL flexible server + database (PITR backups)
//   Key Vault (RBAC) with the bot secret, DATABASE_URL and the data encryption key
//   Application Insights + Log Analytics
//   optional: VNet with private access to PostgreSQL (privateNetworking)
//
// Parameters: main.parameters.<env>.json (Agents Toolkit, ${{VAR}} from manifest/env) or
// main.<env>.bicepparam (az CLI, readEnvironmentVariable). See docs/deploy.md.

targetScope = 'resourceGroup'

@description('Prefix for resource names: lower-case letters, digits and dashes.')
@minLength(3)
@maxLength(20)
param resourceBaseName string

@allowed([
  'dev'
  'prod'
])
param environmentName string

param location string = resourceGroup().location
param tags object = {}

// --- Identity: one Entra app registration is the bot's identity and the tab's SSO resource ---

@description('Application (client) id of the Entra app registration (MicrosoftAppId).')
param botAadAppClientId string

@secure()
@description('Client secret of that registration (MicrosoftAppPassword); stored in Key Vault.')
param botAadAppClientSecret string

@description('Tenant of the app registration (single tenant bot).')
param botTenantId string = subscription().tenantId

@description('Tenants whose users may sign in to the tab, comma separated. Empty: the bot tenant only.')
param allowedTenantIds string = ''

@description('Entra object ids (comma separated) that become MARAC administrators on first sign-in: how a new install gets its first administrator. Empty: none.')
param bootstrapAdminObjectIds string = ''

@description('The Teams app id (manifest "id").')
param teamsAppId string

param botDisplayName string = 'MARAC for Teams'

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier; Microsoft Teams is a standard channel.')
param botServiceSku string = 'F0'

// --- App Service ---

@description('Linux plan SKU. Premium v3 for production (P0v3 or larger).')
param appServiceSkuName string = 'P0v3'

@minValue(1)
@maxValue(10)
@description('Number of instances. Two or more needs DATABASE_URL (PostgreSQL), which this template always sets.')
param instanceCount int = 2

@allowed([
  '20-lts'
  '22-lts'
])
param nodeVersion string = '20-lts'

@description('Command App Service runs in the deployed tree. The deploy stage builds the tab beforehand.')
param startupCommand string = 'node --import tsx src/main.ts'

@description('Custom host name (already bound to the web app with a certificate). Empty: <app>.azurewebsites.net.')
param customDomain string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@minValue(0)
@maxValue(23)
param reminderHourUtc int = 8

@description('Entra authority host; change only for a national cloud.')
param entraAuthorityHost string = 'https://login.microsoftonline.com'

@description('Microsoft Graph endpoint; change only for a national cloud.')
param graphBaseUrl string = 'https://graph.microsoft.com'

// --- PostgreSQL ---

param postgresAdminLogin string = 'maracadmin'

@secure()
@description('Administrator password of the PostgreSQL server; DATABASE_URL is built from it and kept in Key Vault.')
param postgresAdminPassword string

param postgresVersion string = '16'
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresTier string = 'Burstable'

param postgresStorageSizeGB int = 32

@minValue(7)
@maxValue(35)
@description('Point-in-time restore window in days.')
param postgresBackupRetentionDays int = 35

@allowed([
  'Disabled'
  'Enabled'
])
@description('Geo-redundant backup; only settable when the server is created.')
param postgresGeoRedundantBackup string = 'Disabled'

@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
@description('High availability; not available on the Burstable tier.')
param postgresHighAvailability string = 'Disabled'

param postgresDatabaseName string = 'marac'

@description('Private access to PostgreSQL through a VNet (fixed when the server is created). Recommended for production.')
param privateNetworking bool = false

@description('VNet address space when privateNetworking is on (at least a /23).')
param vnetAddressPrefix string = '10.60.0.0/23'

// --- Key Vault, monitoring ---

@description('Key Vault purge protection; cannot be turned off once on. Recommended for production.')
param keyVaultPurgeProtection bool = false

@description('Object id of the administrator (user or group) allowed to manage Key Vault secrets, e.g. to create the data encryption key. Empty: none.')
param keyVaultSecretsOfficerId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param keyVaultSecretsOfficerType string = 'User'

@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

// --- Names ---

var suffix = take(uniqueString(subscription().id, resourceGroup().id, resourceBaseName), 6)
var webAppName = '${resourceBaseName}-${suffix}'
var keyVaultName = 'kv-${take(replace(resourceBaseName, '-', ''), 12)}-${suffix}'
var postgresName = '${resourceBaseName}-pg-${suffix}'
var botName = '${resourceBaseName}-bot-${suffix}'
var allTags = union(tags, {
  application: 'marac-for-teams'
  environment: environmentName
})

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: resourceBaseName
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    name: resourceBaseName
    location: location
    tags: allTags
    addressPrefix: vnetAddressPrefix
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: postgresName
    location: location
    tags: allTags
    workspaceId: monitoring.outputs.workspaceId
    version: postgresVersion
    skuName: postgresSkuName
    tier: postgresTier
    storageSizeGB: postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    highAvailability: postgresHighAvailability
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    databaseName: postgresDatabaseName
    delegatedSubnetId: privateNetworking ? network.outputs.postgresSubnetId : ''
    privateDnsZoneId: privateNetworking ? network.outputs.privateDnsZoneId : ''
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: allTags
    workspaceId: monitoring.outputs.workspaceId
    purgeProtection: keyVaultPurgeProtection
    secretsOfficerPrincipalId: keyVaultSecretsOfficerId
    secretsOfficerPrincipalType: keyVaultSecretsOfficerType
    botAppPassword: botAadAppClientSecret
    databaseUrl: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=require'
  }
}

module web 'modules/appservice.bicep' = {
  name: 'appservice'
  params: {
    name: webAppName
    location: location
    tags: allTags
    workspaceId: monitoring.outputs.workspaceId
    skuName: appServiceSkuName
    instanceCount: instanceCount
    nodeVersion: nodeVersion
    startupCommand: startupCommand
    customDomain: customDomain
    appSubnetId: privateNetworking ? network.outputs.appSubnetId : ''
    keyVaultName: keyVault.outputs.name
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    botAppId: botAadAppClientId
    botTenantId: botTenantId
    allowedTenantIds: allowedTenantIds
    bootstrapAdminObjectIds: bootstrapAdminObjectIds
    teamsAppId: teamsAppId
    entraAuthorityHost: entraAuthorityHost
    graphBaseUrl: graphBaseUrl
    logLevel: logLevel
    reminderHourUtc: reminderHourUtc
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: botName
    tags: allTags
    displayName: botDisplayName
    sku: botServiceSku
    msaAppId: botAadAppClientId
    msaAppTenantId: botTenantId
    host: web.outputs.publicHost
  }
}

// Written to manifest/env/.env.<env> by the Agents Toolkit's arm/deploy action.
output TAB_DOMAIN string = web.outputs.publicHost
output TAB_ENDPOINT string = 'https://${web.outputs.publicHost}'
output BOT_DOMAIN string = web.outputs.publicHost
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.resourceId
output WEB_APP_NAME string = web.outputs.siteName
output KEY_VAULT_NAME string = keyVault.outputs.name
output POSTGRES_SERVER_NAME string = postgres.outputs.serverName
output BOT_SERVICE_NAME string = bot.outputs.name
