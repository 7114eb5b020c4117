// Key Vault (RBAC authorisation) holding the app's secrets. The web app reads them through
// Key Vault references with its system-assigned identity (role granted in appservice.bicep).
//
// Secrets written here on every provision: the bot's client secret and DATABASE_URL.
// NOT written here: the data encryption key. It is created once (see docs/deploy.md and the
// provision step in teamsapp.yml) and must never be replaced by a deployment, because
// personal data sealed with it cannot be read with another key.

param name string
param location string
param tags object
param workspaceId string
@description('Purge protection cannot be turned off again once on. Recommended for production.')
param purgeProtection bool
@description('Object id of a user or group that may manage secrets (e.g. to create the data encryption key). Empty: none.')
param secretsOfficerPrincipalId string = ''
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param secretsOfficerPrincipalType string = 'User'

@secure()
param botAppPassword string
@secure()
param databaseUrl string

// Secret names, referenced by appservice.bicep.
var names = loadJsonContent('../secret-names.json')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection accepts true or absent, never false.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: names.botAppPassword
  properties: {
    value: botAppPassword
    contentType: 'Entra client secret of the bot / tab app registration'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: names.databaseUrl
  properties: {
    value: databaseUrl
    contentType: 'postgresql:// connection string'
  }
}

// Key Vault Secrets Officer
var secretsOfficerRole = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerPrincipalId)) {
  scope: vault
  name: guid(vault.id, secretsOfficerPrincipalId, secretsOfficerRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRole)
    principalId: secretsOfficerPrincipalId
    principalType: secretsOfficerPrincipalType
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
