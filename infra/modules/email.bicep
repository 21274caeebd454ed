// Azure Communication Services Email: an Email Communication Service with an Azure-managed domain (always) and,
// optionally, a custom domain. A custom domain is linked (and used as the sender) only once its DNS records are
// verified: deploy once with customDomainName, add the records shown in the portal, then set customDomainVerified.
@description('Name of the Communication Services resource.')
param communicationServiceName string

@description('Name of the Email Communication Service resource.')
param emailServiceName string

@description('Where ACS keeps its data at rest (e.g. Europe, United States, Asia Pacific).')
param dataLocation string

@description('Tags applied to the resources.')
param tags object

@description('Optional custom mail domain, e.g. mail.example.gov.cn. Empty: only the Azure-managed domain.')
param customDomainName string = ''

@description('True once the custom domain\'s DNS records are verified; only then is it linked and used as sender.')
param customDomainVerified bool = false

@description('Local part of the sender address.')
param senderUsername string = 'DoNotReply'

var useCustomDomain = !empty(customDomainName) && customDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = if (!empty(customDomainName)) {
  parent: emailService
  name: empty(customDomainName) ? 'unused' : customDomainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = if (!empty(customDomainName)) {
  parent: customDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: senderUsername
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
  }
}

output communicationServiceId string = communicationService.id
output communicationServiceName string = communicationService.name
output emailServiceId string = emailService.id
output emailServiceName string = emailService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output senderAddress string = useCustomDomain
  ? '${senderUsername}@${customDomainName}'
  : '${senderUsername}@${managedDomain.properties.mailFromSenderDomain}'
