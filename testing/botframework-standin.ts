import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * Bot Framework's channel-to-bot token service on loopback: the OpenID metadata and signing keys
 * (with the `endorsements` Bot Framework puts on its keys) that botbuilder validates incoming
 * activities against, and a way to sign tokens the way the Teams channel does.
 */
export async function startBotFrameworkStandIn() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'bf-standin-key';
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };
  let url = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration')
      return void res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          authorization_endpoint: `${url}/auth`,
          jwks_uri: `${url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
    if (req.url === '/v1/.well-known/keys') return void res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  /** A channel token as Teams sends it: issuer api.botframework.com, audience the bot's app id, the serviceUrl claim. */
  const channelToken = async (o: {
    appId: string;
    serviceUrl: string;
    key?: CryptoKey;
    issuer?: string;
    expiresIn?: string;
  }) =>
    new SignJWT({ serviceurl: o.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(o.issuer ?? 'https://api.botframework.com')
      .setAudience(o.appId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(o.expiresIn ?? '10m')
      .sign(o.key ?? privateKey);

  return {
    url,
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    channelToken,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
